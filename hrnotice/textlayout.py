"""Breaking Chinese text into lines between words, as a typesetter would: titles and labels."""

from __future__ import annotations

import math

from . import jiebadict

PT_MM = 25.4 / 72  # one point in millimetres


def units(text: str) -> float:
    """Width of `text` in characters: Latin letters and digits count half, and Word and
    LibreOffice put a fifth of a character between them and Chinese characters."""
    width = sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in text)
    return width + 0.2 * sum(1 for a, b in zip(text, text[1:]) if _latin(a) and _han(b) or _han(a) and _latin(b))


def _han(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or c >= "\U00020000"


def _latin(c: str) -> bool:
    return c.isascii() and c.isalnum()


def characters_across(width_mm: float, size_pt: float) -> float:
    """How many characters of `size_pt` fit in `width_mm`."""
    return width_mm / (size_pt * PT_MM)


def balanced_lines(text: str, width: float) -> list[str]:
    """`text` broken into as few lines no wider than `width` characters as it needs, as even as possible,
    and only between words (GB/T 9704's titles: 梯形或菱形; a form's labels: never 培训起止日/期)."""
    if units(text) <= width:
        return [text]
    words = _words(text)
    count = math.ceil(units(text) / width)
    while count <= len(words):
        best = _balanced(words, count, width, units(text) / count)
        if best is not None:
            return best
        count += 1
    return words  # a single word wider than the line: it has to break somewhere, and it does so alone


def _words(text: str) -> list[str]:
    jieba = jiebadict.ready()  # loaded only when something must break
    return list(jieba.cut(text, HMM=False))


def _balanced(words: list[str], count: int, width: float, target: float) -> list[str] | None:
    """`words` in `count` lines no wider than `width`, as even as possible; None if impossible."""
    # cost[i][k]: least squared deviation placing words[:i] on k lines.
    n = len(words)
    inf = float("inf")
    cost = [[inf] * (count + 1) for _ in range(n + 1)]
    cut = [[0] * (count + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(1, n + 1):
        for k in range(1, count + 1):
            for j in range(k - 1, i):
                line = units("".join(words[j:i]))
                if line > width or cost[j][k - 1] == inf:
                    continue
                # Of equally even breaks, the one with the longer lines first: 任职资格 / 级别.
                total = cost[j][k - 1] + (line - target) ** 2 + 1e-6 * k * line
                if total < cost[i][k]:
                    cost[i][k], cut[i][k] = total, j
    if cost[n][count] == inf:
        return None
    lines, i = [], n
    for k in range(count, 0, -1):
        j = cut[i][k]
        lines.insert(0, "".join(words[j:i]))
        i = j
    return lines
