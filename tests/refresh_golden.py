"""Rewrite `golden/2012-notice.txt` from the notice page as the shipped data renders it now:
`python -m tests.refresh_golden`. Only when the published text is meant to change; review the diff."""

from __future__ import annotations

from .conftest import shipped, page
from .test_notice_page import GOLDEN


def main() -> None:
    article = page(shipped(), "notice.md").xpath("//article[contains(@class, 'notice')]")[0]
    lines = [" ".join(element.text_content().split()) for element in article.iter("h1", "h2", "p", "li")]
    GOLDEN.write_text("\n\n".join(line for line in lines if line) + "\n", encoding="utf-8")
    print(GOLDEN)


if __name__ == "__main__":
    main()
