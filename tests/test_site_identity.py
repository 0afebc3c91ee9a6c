"""The site's identity (data/site.yml): bad values are reported at their line with exact words."""

from __future__ import annotations

from pathlib import Path

import pytest

from hrnotice.load import load_site

from .conftest import DATA, edit, run

CASES = [
    pytest.param('site_code: "2300000000"', 'site_code: "230000000"',
                 "data/site.yml:19: 错误 load: site_code: 网站标识码应为 10 位，而“230000000”是 9 位", id="site-code-length"),
    pytest.param('site_code: "2300000000"', 'site_code: "23000-0000"',
                 "data/site.yml:19: 错误 load: site_code: 网站标识码只由字母和数字组成，而“23000-0000”中有其他字符",
                 id="site-code-characters"),
    pytest.param('site_code: "2300000000"', "site_code: 2300000000",
                 "data/site.yml:19: 错误 load: site_code: 应为文字，而不是“2300000000”", id="site-code-unquoted"),
    pytest.param("icp: 黑ICP备00000000号", "icp: 黑ICP备00000000",
                 "data/site.yml:20: 错误 load: icp: ICP备案号应形如“黑ICP备12345678号”（省份简称、ICP备、数字、号），"
                 "而不是“黑ICP备00000000”", id="icp"),
    pytest.param("police: 黑公网安备23010000000000号", "police: 黑公网安备2301000000号",
                 "data/site.yml:21: 错误 load: police: 公安机关备案号应形如“黑公网安备23010002000001号”"
                 "（省份简称、公网安备、14 位数字、号），而不是“黑公网安备2301000000号”", id="police"),
    pytest.param('phone: "12333"', "phone: 电话12333",
                 "data/site.yml:15: 错误 load: phone: “电话12333”不是电话号码；应形如 0451-12345678（区号-号码）或 12333",
                 id="phone"),
    pytest.param("email: jxjy@hrss.hlj.gov.cn", "email: jxjy#hrss.hlj.gov.cn",
                 "data/site.yml:16: 错误 load: email: “jxjy#hrss.hlj.gov.cn”不是电子邮箱地址；应形如 jxjy@hrss.hlj.gov.cn",
                 id="email"),
    pytest.param('postcode: "150000"', 'postcode: "15000"',
                 "data/site.yml:14: 错误 load: postcode: 邮政编码应为 6 位数字，而不是“15000”", id="postcode"),
    pytest.param("url: https://hrss.hlj.gov.cn/jxjy/", "url: hrss.hlj.gov.cn/jxjy/",
                 "data/site.yml:18: 错误 load: url: 网站地址应以 https:// 或 http:// 加域名开头，如 https://hrss.hlj.gov.cn/jxjy/，"
                 "而不是“hrss.hlj.gov.cn/jxjy/”", id="url-scheme"),
    pytest.param("url: https://hrss.hlj.gov.cn/jxjy/", """url: 'https://hrss.hlj.gov.cn/"><script>/'""",
                 "data/site.yml:18: 错误 load: url: 网站地址中不能有空格、引号、尖括号等字符，而“https://hrss.hlj.gov.cn/\"><script>/”中有“\"”",
                 id="url-markup"),
    pytest.param("url: https://hrss.hlj.gov.cn/jxjy/", "url: https://hrss.hlj.gov.cn/jxjy",
                 "data/site.yml:18: 错误 load: url: 网站地址应是一个目录，以 / 结尾（不带 ? 或 #），如 https://hrss.hlj.gov.cn/jxjy/，"
                 "而不是“https://hrss.hlj.gov.cn/jxjy”", id="url-folder"),
    pytest.param("sponsor: 黑龙江省人力资源和社会保障厅\n", "",
                 "data/site.yml:7: 错误 load: sponsor: 缺少必填字段；请补上", id="missing-sponsor"),
    pytest.param("illustrative: true", "illustrative: true\nicp_number: x",
                 "data/site.yml:24: 错误 load: icp_number: 未知字段；请检查拼写，或删除这一行", id="unknown-field"),
    pytest.param("# 党政机关网站标识（可不写）：图片放在本目录，如 badge: badge.png", "badge: badge.png",
                 "data/site.yml:22: 错误 load: badge: 找不到图片 data/badge.png；请放入这个文件，或删去 badge 这一行",
                 id="badge-missing"),
    pytest.param("# 党政机关网站标识（可不写）：图片放在本目录，如 badge: badge.png", "badge: badge.svg",
                 "data/site.yml:22: 错误 load: badge: 党政机关网站标识应为 PNG、JPEG 或 GIF 图片，而“badge.svg”不是",
                 id="badge-type"),
]


@pytest.mark.parametrize(("old", "new", "message"), CASES)
def test_bad_site_identity_is_reported_with_file_line_and_field(workdir: Path, old: str, new: str, message: str) -> None:
    edit(workdir / "data" / "site.yml", old, new)
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [message, "发现 1 个问题，未生成任何文件。"]


def test_a_missing_site_file_is_named(workdir: Path) -> None:
    (workdir / "data" / "site.yml").unlink()
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "data/site.yml: 错误 load: 没有找到网站信息（网站名称、主办单位、备案号等）；请按 README“网站信息”一节建立这个文件")


def test_a_badge_that_is_no_image_is_refused(workdir: Path) -> None:
    edit(workdir / "data" / "site.yml", "# 党政机关网站标识（可不写）：图片放在本目录，如 badge: badge.png", "badge: badge.png")
    (workdir / "data" / "badge.png").write_text("not an image", encoding="utf-8")
    result = run("check")
    assert result.stderr.splitlines()[0] == (
        "data/site.yml:22: 错误 load: badge: data/badge.png 不是 PNG 图片（文件内容与扩展名不符）；请换成图片文件")


def test_site_and_notice_problems_are_reported_together(workdir: Path) -> None:
    edit(workdir / "data" / "site.yml", 'site_code: "2300000000"', 'site_code: "23"')
    edit(workdir / "data" / "notice.yml", "years: 5", "years: 五年")
    lines = run("check").stderr.splitlines()
    assert lines[:2] == ["data/site.yml:19: 错误 load: site_code: 网站标识码应为 10 位，而“23”是 2 位",
                         "data/notice.yml:52: 错误 load: cycle.years: 应为整数，而不是“五年”"]


def test_the_shipped_identity_says_it_is_a_placeholder() -> None:
    site = load_site(DATA)
    assert site.identity.illustrative is True
    assert site.identity.domain == "hrss.hlj.gov.cn" and site.identity.base_path == "/jxjy/"
    assert site.identity.police_record_code == "23010000000000"


def test_a_single_year_folder_uses_the_shared_site_file(tmp_path: Path) -> None:
    (tmp_path / "2011").mkdir()
    (tmp_path / "site.yml").write_text((DATA / "site.yml").read_text(encoding="utf-8"), encoding="utf-8")
    assert load_site(tmp_path / "2011").identity.sponsor == "黑龙江省人力资源和社会保障厅"
