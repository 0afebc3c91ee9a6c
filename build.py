#!/usr/bin/env python3
"""Build the notice website and forms from data/: `python build.py --help`."""

import sys

# A clerk who updates the project but not its virtual environment gets this, not a traceback.
NOT_INSTALLED = "错误：缺少 Python 软件包 {name}（本工具的依赖有更新，或没有装全）；请重新运行 bash scripts/install.sh"

if __name__ == "__main__":
    try:
        from hrnotice.cli import run

        run()
    except ModuleNotFoundError as missing:
        sys.exit(NOT_INSTALLED.format(name=missing.name))
