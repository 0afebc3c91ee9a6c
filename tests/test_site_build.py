"""The built site (MkDocs and the theme at work): the search index keeps figures findable, the
identity from site.yml reaches every page as text, never as markup."""

from __future__ import annotations

import json
import re
from pathlib import Path

import material
import pytest
from lxml import html

from .conftest import edit, run

# Any PNG will do as the 党政机关网站标识 (the real one is issued to the site): the theme's icon.
BADGE = Path(material.__file__).parent / "templates" / "assets" / "images" / "favicon.png"

pytestmark = pytest.mark.slow  # whole builds


def tokens(text: str, separator: str) -> set[str]:
    """What the browser's search makes of a text: pieces between separators (Python's re reads the same pattern)."""
    return {piece.lower() for piece in re.split(separator, text) if piece}


@pytest.mark.parametrize(("figure", "query", "indexed", "sentence"), [
    ("72学时", ["72", "学时"], {"72", "学时"}, "培训时间共72学时"),
    # The browser cuts the Chinese of a query into the index's words (个 and 工作日) itself.
    ("10个工作日", ["10", "个工作日"], {"10", "个", "工作日"}, "培训结束后10个工作日内"),
    ("2012年3月31日", ["2012", "年", "3", "月", "31", "日"], {"2012", "年", "3", "月", "31", "日"}, "2012年3月3日至3月31日"),
])
def test_the_search_index_splits_a_figure_as_the_query_is_split(shipped_site: Path, figure: str, query: list[str],
                                                                 indexed: set[str], sentence: str) -> None:
    index = json.loads((shipped_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = index["config"]["separator"]
    assert [piece for piece in re.split(separator, figure) if piece] == query  # digits part from the Chinese
    (section,) = [doc for doc in index["docs"] if doc["location"].startswith("notice/#")
                  and sentence in doc["text"].replace("\u200b", "")]
    assert indexed <= tokens(section["text"], separator)


def test_the_identity_reaches_every_page_as_text_never_as_markup(workdir: Path) -> None:
    hostile = '<script>alert(1)</script> "x" & {{ 7*7 }}'
    edit(workdir / "data" / "site.yml", "sponsor: 黑龙江省人力资源和社会保障厅", f"sponsor: '{hostile}'")
    edit(workdir / "data" / "site.yml", "column_description: 黑龙江省专业技术人员继续教育知识更新培训的年度通知、培训院校及专业、表格下载和重要日期",
         "column_description: '\"><b>x</b><script>alert(2)</script>'")
    edit(workdir / "data" / "site.yml", "# 党政机关网站标识（可不写）：图片放在本目录，如 badge: badge.png", "badge: Badge.PNG")
    (workdir / "data" / "Badge.PNG").write_bytes(BADGE.read_bytes())
    result = run("--no-pdf")
    assert result.exit_code == 0, result.stderr
    assert (workdir / "site" / "assets" / "badge.png").read_bytes() == BADGE.read_bytes()
    for page in (workdir / "site").rglob("*.html"):
        tree = html.fromstring(page.read_bytes())
        (badge,) = tree.xpath("//img[contains(@class, 'gov-footer__badge')]")
        assert badge.get("alt") == "党政机关网站标识"
        src = badge.get("src")  # from the 404 page, from the site's folder (/jxjy/…)
        image = workdir / "site" / src.removeprefix("/jxjy/") if src.startswith("/jxjy/") else page.parent / src
        assert image.resolve().is_file() and image.name == "badge.png", (page, src)
        footer = " ".join(tree.xpath("//footer[contains(@class, 'gov-footer')]")[0].text_content().split())
        assert f"主办单位：{hostile}" in footer, page
        assert tree.xpath("//b") == []
        assert not [s for s in tree.xpath("//script") if "alert(" in (s.text or "")]
        # Also where the theme's own templates write it (<meta name="description">), unescaped by them.
        assert tree.xpath("//meta[@name='ColumnDescription']/@content") == ['"><b>x</b><script>alert(2)</script>']
        assert tree.xpath("//meta[@name='description']/@content") == ['"><b>x</b><script>alert(2)</script>']
        assert tree.xpath("//meta[@name='author']/@content") == [hostile]
