"""jieba's dictionary, loaded faster: the Chinese search and the forms' title lines segment text with
jieba, whose prefix dictionary (half a million words) comes from a marshal file that takes about a
second to read here. The build cache keeps it pickled, which reads in under half a second.

jieba's dictionary is one per process (`jieba.dt`), so where it is kept is set once per process too
(`keep_in`, by the build); without it, jieba loads its own file as usual.
"""

from __future__ import annotations

import logging
import pickle
import sys
from importlib import metadata
from types import ModuleType

from .cache import BuildCache, digest

_kept_in = BuildCache(None)


def keep_in(cache: BuildCache) -> None:
    """Where the dictionary is kept for this process's builds."""
    global _kept_in
    _kept_in = cache


def ready() -> ModuleType:
    """jieba with its dictionary loaded: from the cache, or by jieba (and kept for the next build)."""
    jieba = _imported()
    jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter
    tokenizer = jieba.dt
    if tokenizer.initialized:
        return jieba
    key = digest("jieba dictionary", metadata.version("jieba"), str(pickle.HIGHEST_PROTOCOL))
    found = _kept_in.get(key, "jieba")
    if found is not None:
        tokenizer.FREQ, tokenizer.total = pickle.loads(found["dictionary"])
        tokenizer.initialized = True
        return jieba
    tokenizer.check_initialized()
    _kept_in.put(key, {"dictionary": pickle.dumps((tokenizer.FREQ, tokenizer.total), pickle.HIGHEST_PROTOCOL)})
    return jieba


def _imported() -> ModuleType:
    """jieba, imported without setuptools' pkg_resources if nothing has loaded that yet: jieba imports
    it only to open its own data files, opens them by path where it is missing, and importing it
    takes 0.13 s, a sixth of a site's build. Other packages import pkg_resources as usual after."""
    if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment] - what makes an import fail
        try:
            import jieba
        finally:
            del sys.modules["pkg_resources"]
    import jieba

    return jieba
