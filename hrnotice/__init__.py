"""Publishing toolkit for the yearly notice on continuing education of professional staff."""

import sys
from pathlib import Path

__version__ = "0.9.0"

# What scripts/install.sh derives from the libraries once, in the virtual environment it makes
# (jieba's dictionary in shards, China's working-day calendar); each module asks the library where
# it is missing.
INSTALLED_DATA = Path(sys.prefix) / "share" / "hrnotice"
