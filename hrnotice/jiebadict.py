"""jieba's dictionary, loaded faster: the Chinese search and the forms' title lines segment text with
jieba, whose prefix dictionary (half a million words) comes from a marshal file that takes about a
second to read here. The build cache keeps it pickled, which reads in under half a second.

jieba's dictionary is one per process (`jieba.dt`), so where it is kept is set once per process too
(`keep_in`, by the build); without it, jieba loads its own file as usual.
"""

from __future__ import annotations

import logging
import pickle
from importlib import metadata

from .cache import BuildCache, digest

_kept_in = BuildCache(None)


def keep_in(cache: BuildCache) -> None:
    """Where the dictionary is kept for this process's builds."""
    global _kept_in
    _kept_in = cache


def ready() -> None:
    """jieba with its dictionary loaded: from the cache, or by jieba (and kept for the next build)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter
    tokenizer = jieba.dt
    if tokenizer.initialized:
        return
    key = digest("jieba dictionary", metadata.version("jieba"), str(pickle.HIGHEST_PROTOCOL))
    found = _kept_in.get(key, "jieba")
    if found is not None:
        tokenizer.FREQ, tokenizer.total = pickle.loads(found["dictionary"])
        tokenizer.initialized = True
        return
    tokenizer.check_initialized()
    _kept_in.put(key, {"dictionary": pickle.dumps((tokenizer.FREQ, tokenizer.total), pickle.HIGHEST_PROTOCOL)})
