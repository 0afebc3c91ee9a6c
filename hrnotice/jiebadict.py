"""jieba's dictionary, read as it is used. The Chinese search and the forms' title lines segment
text with jieba, whose prefix dictionary (half a million words) takes half a second to a second to
read whole. A site's search index looks up about 3,000 words, which begin with some 1,500 pairs of
characters: 5 % of the dictionary.

`scripts/install.sh` (`hrnotice.installed`) writes the dictionary into the virtual
environment in shards, by their words' first two characters (`shards`); a process reads the shards
of a text's pairs of characters before jieba segments it (`_Frequencies`). Where that file is
missing or damaged (another installation, jieba upgraded since), jieba reads its own as usual.
"""

from __future__ import annotations

import logging
import marshal
import sys
import zlib
from pathlib import Path
from types import ModuleType

from . import INSTALLED_DATA
from .cache import write_atomically



def ready() -> ModuleType:
    """jieba with its dictionary loaded: the installed shards, or jieba's own file."""
    jieba = _imported()
    jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter
    tokenizer = jieba.dt
    if not tokenizer.initialized:
        if (found := _Frequencies.read(shards(jieba))) is not None:
            tokenizer.FREQ, tokenizer.total = found
            _covering(tokenizer, tokenizer.FREQ)
            tokenizer.initialized = True
        else:
            tokenizer.check_initialized()
    return jieba


def shards(jieba: ModuleType) -> Path:
    """Where this version of jieba's dictionary is kept in shards."""
    return INSTALLED_DATA / f"jieba-{jieba.__version__}-dictionary-{marshal.version}.bin"


def install() -> None:
    """jieba's dictionary written in shards, for every process of this installation."""
    jieba = _imported()
    jieba.setLogLevel(logging.WARNING)
    jieba.dt.check_initialized()
    write_atomically(shards(jieba), _Frequencies.written(jieba.dt.FREQ, jieba.dt.total))


class _Frequencies(dict):
    """jieba's prefix dictionary (word → frequency), holding the words of a two characters'
    beginning once a text with those two characters is segmented or a word starting with them added
    (`cover`): from then on, looking them up answers as the whole dictionary would. (Doing this at
    each lookup instead made segmenting a site's index three times slower.)

    The file: the CRC-32 of the rest, then jieba's total, the one-character words, and for each
    first character the words by their second character, each a marshal'd dict (marshal reads dicts
    of strings and numbers fastest).
    """

    def __init__(self, singles: dict[str, int], shards: bytes, where: dict[str, tuple[int, int]]) -> None:
        super().__init__(singles)
        self._shards = shards
        self._where = where  # first character → its words' place in `_shards`
        self._by_second: dict[str, dict[str, bytes]] = {}
        self._covered: set[str] = set()  # the two characters' beginnings whose words are in

    @classmethod
    def read(cls, path: Path) -> tuple[_Frequencies, int] | None:
        """The dictionary and jieba's total, if the file is there and whole."""
        try:
            stored = memoryview(path.read_bytes())
            if int.from_bytes(stored[:4], "big") != zlib.crc32(stored[4:]):
                return None
            total, singles, where, shards = marshal.loads(stored[4:])
        except (OSError, ValueError, EOFError, TypeError):
            return None
        return cls(singles, shards, where), total

    @staticmethod
    def written(frequencies: dict[str, int], total: int) -> bytes:
        singles, by_first = {}, {}
        for word, frequency in frequencies.items():
            if len(word) == 1:
                singles[word] = frequency
            else:
                by_first.setdefault(word[0], {}).setdefault(word[1], {})[word] = frequency
        shards, where, end = [], {}, 0
        for first in sorted(by_first):
            shard = marshal.dumps({second: marshal.dumps(words) for second, words in sorted(by_first[first].items())})
            where[first] = (end, end + len(shard))
            end += len(shard)
            shards.append(shard)
        stored = marshal.dumps((total, singles, where, b"".join(shards)))
        return zlib.crc32(stored).to_bytes(4, "big") + stored

    def cover(self, text: str) -> None:
        """Every word that occurs in `text`, and every word beginning as a word of `text` does, in."""
        for beginning in {text[at:at + 2] for at in range(len(text) - 1)} - self._covered:
            self._covered.add(beginning)
            first = beginning[0]
            if first not in self._by_second:
                start, end = self._where.get(first, (0, 0))
                self._by_second[first] = marshal.loads(self._shards[start:end]) if end else {}
            if (shard := self._by_second[first].get(beginning[1])) is not None:
                self.update(marshal.loads(shard))


def _covering(tokenizer: object, frequencies: _Frequencies) -> None:
    """`tokenizer` covering the text it segments and the words it is given before it looks them up.
    Every lookup of jieba 0.42's Tokenizer is of a part of a text it segments (get_DAG, then calc,
    __cut_DAG, cut_for_search, suggest_freq) or of a word it adds (add_word, also for user
    dictionaries and del_word)."""
    from jieba._compat import strdecode  # how add_word reads a word given as bytes

    segment, add = tokenizer.get_DAG, tokenizer.add_word

    def get_dag(sentence: str) -> dict:
        frequencies.cover(sentence)
        return segment(sentence)

    def add_word(word: str | bytes, freq: int | None = None, tag: str | None = None) -> None:
        frequencies.cover(strdecode(word))
        add(word, freq, tag)

    tokenizer.get_DAG, tokenizer.add_word = get_dag, add_word


def cover(words: list[str]) -> None:
    """`words`, and the words that begin as they do, looked up in jieba's dictionary as in the whole."""
    frequencies = ready().dt.FREQ
    if isinstance(frequencies, _Frequencies):
        for word in words:
            frequencies.cover(word)


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

