"""Reading a page's text the way a reader sees it, block by block."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import html

BLOCKS = ("h1", "h2", "h3", "p", "li", "th", "td")


def blocks(page: Path | html.HtmlElement, selector: str) -> list[str]:
    """The text of each block element under the CSS-like `tag.class` selector, whitespace removed."""
    tree = html.fromstring(page.read_text(encoding="utf-8")) if isinstance(page, Path) else page
    tag, cls = selector.split(".")
    (root,) = tree.xpath(f"//{tag}[contains(concat(' ', @class, ' '), ' {cls} ')]")
    found = []
    for element in root.iter(*BLOCKS):
        text = re.sub(r"\s+", "", element.text_content())
        if text:
            found.append(text)
    return found
