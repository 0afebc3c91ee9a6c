#!/usr/bin/env bash
# The README's test command: installs what the tests need, then runs them in the virtual environment.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --dev
exec .venv/bin/python -m pytest "$@"
