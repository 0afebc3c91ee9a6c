"""Bad facts give a Chinese message naming file, line and field; nothing is built."""

from __future__ import annotations

from pathlib import Path

import pytest

from hrnotice.sitescan import scan

from .conftest import edit, run

CASES = [
    pytest.param("end: 2012-03-31", "end 2012-03-31",
                 "data/notice.yml:28: 错误 load: 第 5 列：这一行缺少“字段: 值”中的冒号（冒号后要有一个空格）",
                 id="yaml-syntax"),
    pytest.param("issuer: 黑龙江省人力资源和社会保障厅\n", "",
                 "data/notice.yml:3: 错误 load: issuer: 缺少必填字段；请补上", id="missing-field"),
    pytest.param("years: 5", "years: 五年",
                 "data/notice.yml:52: 错误 load: cycle.years: 应为整数，而不是“五年”", id="wrong-type"),
    pytest.param("first_year: 2010", "first_year: 2010\n  frist_year: 2010",
                 "data/notice.yml:54: 错误 load: cycle.frist_year: 未知字段；请检查拼写，或删除这一行", id="unknown-key"),
    pytest.param("syllabus_deadline: 2012-03-25", "syllabus_deadline: 2012-02-30",
                 "data/notice.yml:29: 错误 load: schedule.syllabus_deadline: “2012-02-30”不是存在的日期；请改为真实的日期，写作 2012-03-31",
                 id="impossible-date"),
    pytest.param("syllabus_deadline: 2012-03-25", "syllabus_deadline: 3月25日",
                 "data/notice.yml:29: 错误 load: schedule.syllabus_deadline: 应为日期（写作 2012-03-31），而不是“3月25日”",
                 id="not-a-date"),
    pytest.param("start: 2012-04-06", "start: 2012-07-06",
                 "data/notice.yml:30: 错误 load: schedule.classes: 结束日期早于开始日期，请检查 start 和 end", id="reversed-window"),
    pytest.param("document_kind: 函", "document_kind: 通知",
                 "data/notice.yml:7: 错误 load: document_kind: 只能是 '函' 或 '文件'，而不是“通知”", id="not-a-choice"),
    pytest.param("document_number: 黑人社函【2012】5号", "document_number: 黑人社函2012年5号",
                 "data/notice.yml:6: 错误 load: document_number: 发文字号应形如“黑人社函〔2012〕5号”（机关代字、〔年份〕、序号、号）",
                 id="document-number"),
    pytest.param("subject_category: 劳动", "subject_category: 劳\x07动",
                 "data/notice.yml:11: 错误 load: 含有不允许的字符 U+0007（控制字符，多由复制粘贴带入）；请删除它", id="control-character"),
    pytest.param("years: 5\n", "years: 5\n  years: 6\n",
                 "data/notice.yml:53: 错误 load: cycle.years: 字段重复出现；请删除多余的一处", id="duplicate-key"),
]


@pytest.mark.parametrize(("old", "new", "message"), CASES)
def test_bad_facts_are_reported_with_file_line_and_field(workdir: Path, old: str, new: str, message: str) -> None:
    edit(workdir / "data" / "notice.yml", old, new)
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [message, "发现 1 个问题，未生成任何文件。"]


def test_every_problem_is_reported_not_just_the_first(workdir: Path) -> None:
    facts = workdir / "data" / "notice.yml"
    edit(facts, "years: 5", "years: 五年")
    edit(facts, "date_published: 2012-01-09", "date_published: 明天")
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "data/notice.yml:10: 错误 load: date_published: 应为日期（写作 2012-03-31），而不是“明天”",
        "data/notice.yml:52: 错误 load: cycle.years: 应为整数，而不是“五年”",
    ]


@pytest.mark.parametrize(("old", "new", "message"), [
    ("{{ cycle.years }}年为", "{{ cycle.yeers }}年为",
     "data/notice.md:21: 错误 load: 正文引用了不存在或无法使用的事实：'hrnotice.model.Cycle object' has no attribute 'yeers'；请对照 notice.yml 的字段名"),
    ("{{ year }}年度", "{{ year 年度",
     "data/notice.md:3: 错误 load: 正文模板语法错误：expected token 'end of print statement', got '年度全省专业技术人员继续教育知识更新培训工作的有关事项通知如下'；请检查 {{ }} 和 {% %} 是否成对"),
    ("{{ year }}年度", "{{ year.__class__ }}年度",
     "data/notice.md:3: 错误 load: 正文引用了不存在或无法使用的事实：access to attribute '__class__' of 'int' object is unsafe.；请对照 notice.yml 的字段名"),
])
def test_bad_body_placeholders_are_reported_with_their_line(workdir: Path, old: str, new: str, message: str) -> None:
    edit(workdir / "data" / "notice.md", old, new)
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == message


def test_gbk_saved_facts_are_read(workdir: Path) -> None:
    facts = workdir / "data" / "notice.yml"
    facts.write_bytes(facts.read_text(encoding="utf-8").encode("gb18030"))
    assert run("check").exit_code == 0


def test_bad_arguments_exit_2(workdir: Path) -> None:
    assert run("--no-such-option").exit_code == 2
    assert run("no-such-command").exit_code == 2


def test_a_stray_gbk_line_in_a_utf8_file_is_caught_not_misread(workdir: Path) -> None:
    facts = workdir / "data" / "notice.yml"
    lines = facts.read_bytes().split(b"\n")
    lines[12] = "subject_category: 人事工作".encode("gbk")
    facts.write_bytes(b"\n".join(lines))
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "data/notice.yml:13: 错误 load: 文件大部分是 UTF-8 编码，但这一行不是（可能从 GBK 文件粘贴而来）；请用同一种编码重新保存整个文件")


def test_a_bom_file_with_a_gbk_line_names_the_line(workdir: Path) -> None:
    # Excel's "CSV UTF-8" writes a BOM; a line pasted from a GBK file is then not UTF-8.
    for name, line in (("notice.md", 5), ("institutions.csv", 3)):
        path = workdir / "data" / name
        lines = path.read_bytes().removeprefix(b"\xef\xbb\xbf").split(b"\n")
        lines[line - 1] = lines[line - 1].decode("utf-8").encode("gbk")
        path.write_bytes(b"\xef\xbb\xbf" + b"\n".join(lines))
    result = run("check")
    assert result.exit_code == 1
    message = "错误 load: 文件大部分是 UTF-8 编码，但这一行不是（可能从 GBK 文件粘贴而来）；请用同一种编码重新保存整个文件"
    assert result.stderr.splitlines() == [f"data/institutions.csv:3: {message}", f"data/notice.md:5: {message}",
                                          "发现 2 个问题，未生成任何文件。"]


@pytest.mark.parametrize(("escape", "code", "name"), [
    ("\\0", "U+0000", "控制字符"), ("\\a", "U+0007", "控制字符"), ("\\e", "U+001B", "控制字符"),
    ("\\f", "U+000C", "控制字符"), ("\\v", "U+000B", "控制字符"),
])
def test_control_characters_typed_as_yaml_escapes_stop_check_and_build_alike(
        workdir: Path, escape: str, code: str, name: str) -> None:
    edit(workdir / "data" / "notice.yml", "title: 黑龙江省专业技术人员继续教育知识更新培训学员录取表",
         f'title: "黑龙江省专业技术人员继续教育知识更新培训学员{escape}录取表"')
    expected = [f"data/notice.yml:64: 错误 load: annexes[2].title: 含有控制字符 {code}（{name}，多由复制粘贴或 YAML 转义"
                "如 \"\\a\" 带入）；Word 和网页都不能正确显示它，请删除", "发现 1 个问题，未生成任何文件。"]
    for args in (["check"], ["--no-pdf"]):
        result = run(*args)
        assert (result.exit_code, result.stderr.splitlines()) == (1, expected)
    assert not (workdir / "site").exists()


def test_a_control_character_in_the_body_is_refused(workdir: Path) -> None:
    edit(workdir / "data" / "notice.md", "培训对象：", "培训\x00对象：")
    result = run("check")
    assert result.stderr.splitlines()[0] == (
        "data/notice.md:7: 错误 load: 含有控制字符 U+0000（多由复制粘贴带入）；网页和 Word 都不能正确显示它，请删除")


@pytest.mark.parametrize("tag", ['{% include "没有这个文件.md" %}', '{% import "x.j2" as x %}',
                                 '{% extends "notice.md.j2" %}', '{% include "notice.md.j2" %}'])
def test_the_body_cannot_pull_in_other_files(workdir: Path, tag: str) -> None:
    body = workdir / "data" / "notice.md"
    body.write_text(body.read_text(encoding="utf-8") + f"\n{tag}\n", encoding="utf-8")
    line = body.read_text(encoding="utf-8").count("\n")
    result = run("check")
    assert (result.exit_code, result.stderr.splitlines()[0]) == (
        1, f"data/notice.md:{line}: 错误 load: 正文不能引用其他文件（include、import、extends）；请把内容直接写进 notice.md")


def test_yaml_anchors_and_aliases_are_refused_before_they_expand(workdir: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20))
    facts = workdir / "data" / "notice.yml"
    facts.write_text(bomb + facts.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("check")
    assert (result.exit_code, result.stderr.splitlines()[0]) == (
        1, "data/notice.yml:1: 错误 load: 用了 YAML 的锚点或别名（& 或 *）；本数据不需要它们，请把内容直接写出")


def test_an_unclosed_quote_is_reported_where_it_opens(workdir: Path) -> None:
    # PyYAML gives up at the end of the file; the quote that was never closed is on line 4.
    edit(workdir / "data" / "notice.yml", "title: 关于开展", "title: '关于开展")
    result = run("check")
    assert result.stderr.splitlines()[0] == (
        "data/notice.yml:4: 错误 load: 第 8 列：从这里开始的引号没有配对的结束引号；请补上引号，或删去多余的引号")


@pytest.mark.parametrize("markup", ["<script>alert(1)</script>", '<SCRIPT type="text/javascript">x()</SCRIPT>'])
def test_a_script_in_the_body_is_refused_at_load(workdir: Path, markup: str) -> None:
    body = workdir / "data" / "notice.md"
    edit(body, "{{ 4 | subheading_number }}报名要求：", f"{markup}\n\n{{{{ 4 | subheading_number }}}}报名要求：")
    expected = ["data/notice.md:13: 错误 load: 正文中有 <script> 元素（可能来自数据中的 HTML）；正文只能有文字、段落和链接；请删去它",
                "发现 1 个问题，未生成任何文件。"]
    for args in (["check"], ["--no-pdf"]):
        result = run(*args)
        assert (result.exit_code, result.stderr.splitlines()) == (1, expected)
    assert not (workdir / "site").exists()


def test_the_scan_after_the_build_refuses_an_inline_script_in_the_article(tmp_path: Path) -> None:
    # What loading keeps out of the body, the last look at the built site catches anyway: the
    # theme's own scripts outside the article are fine, a script inside it is not.
    page = tmp_path / "notice" / "index.html"
    page.parent.mkdir()
    page.write_text('<html><head><script src="../assets/theme.js"></script></head><body>\n'
                    "<article>\n<p>报名时间</p>\n<script>alert(1)</script>\n</article>\n"
                    '<script>var theme = "light";</script>\n</body></html>\n', encoding="utf-8")
    assert [str(f) for f in scan(tmp_path).findings] == [
        "site/notice/index.html:4: 错误 site-scan: 正文中有 <script> 元素（可能来自数据中的 HTML）；正文只能有文字、段落和链接"]
