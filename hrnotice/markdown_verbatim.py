"""A Python-Markdown extension: HTML that a template wrote between two marker lines passes verbatim.

Python-Markdown parses every raw HTML block with its HTML parser; on the catalog page's table
(5,000 rows) that took 1.4 s, longer than the rest of the build. HTML rendered by an autoescaped
Jinja template needs none of it, so it is stashed whole, as Markdown stashes raw HTML anyway.
Data never reaches the markers: values are escaped before they enter a page.
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

BEGIN = "<!-- verbatim -->"
END = "<!-- /verbatim -->"


def verbatim(html: str) -> str:
    """`html` between the marker lines, for a Markdown page template."""
    return f"\n{BEGIN}\n{html}\n{END}\n"


class _VerbatimBlocks(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        block: list[str] | None = None
        for line in lines:
            if block is None and line == BEGIN:
                block = []
            elif block is not None and line == END:
                out += ["", self.md.htmlStash.store("\n".join(block)), ""]
                block = None
            elif block is not None:
                block.append(line)
            else:
                out.append(line)
        if block is not None:  # an unclosed marker is a template bug: show it, don't hide the rest
            out += [BEGIN, *block]
        return out


class VerbatimExtension(Extension):
    """Registers the preprocessor ahead of Markdown's own raw-HTML handling (priority 20)."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(_VerbatimBlocks(md), "verbatim_html", 25)


def makeExtension(**kwargs: object) -> VerbatimExtension:  # noqa: N802 (Python-Markdown's name)
    """The hook Python-Markdown calls for `markdown_extensions: - hrnotice.markdown_verbatim`."""
    return VerbatimExtension(**kwargs)
