"""What `scripts/install.sh` derives once into the virtual environment (INSTALLED_DATA), so that no
build has to: jieba's dictionary in shards (jiebadict.py), China's working-day calendar as a table
(workdays.py), and the site's templates compiled (templating.CompiledTemplates; compiling
Material's takes half a second a site). A build without them works the same, only slower.

    python -m hrnotice.installed
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from . import jiebadict, workdays
from .cache import BuildCache, keep_folder
from .findings import DataError
from .templating import INSTALLED_TEMPLATES, ROOT


def install() -> None:
    """Everything, for the project's own data."""
    jiebadict.install()
    workdays.install()
    compile_templates(ROOT / "data")


def compile_templates(data: Path) -> None:
    """The templates a build of `data` compiles, compiled into INSTALLED_TEMPLATES (replacing what
    was there, first: a build reads it, and would compile nothing); nothing, with a hint, if the
    data have an error the build reports."""
    from .pipeline import build

    shutil.rmtree(INSTALLED_TEMPLATES, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="hrnotice-install-") as work:
        cache = BuildCache(Path(work) / "cache")
        try:
            build(data, Path(work) / "site", pdf=False, cache=cache)
        except DataError:
            print(f"提示：{data} 中的数据有错误，网页模板没有预先编译（生成时再编译，每个网站慢约半秒）", file=sys.stderr)
            return
        keep_folder(cache.compiled_templates, INSTALLED_TEMPLATES)


if __name__ == "__main__":
    install()
