#!/usr/bin/env bash
# The README's test command: installs what the tests need, then runs them in the virtual environment,
# on every core (each test file on one worker, so its fixtures are made once).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --dev
exec .venv/bin/python -m pytest -n auto --dist loadfile "$@"
