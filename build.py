#!/usr/bin/env python3
"""Build the notice website and forms from data/: `python build.py --help`."""

from hrnotice.cli import main

if __name__ == "__main__":
    main()
