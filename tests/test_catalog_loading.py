"""Reading institutions.csv as a careful clerk's tool would: every problem, exactly worded, at once."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from hrnotice.catalog import load_catalog
from hrnotice.catalog_export import catalog_csv, catalog_xlsx
from hrnotice.catalog_page import catalog_context, downloads
from hrnotice.findings import DataError
from hrnotice.formspec import load_forms
from hrnotice.load import load_edition

from .conftest import ROOT, run

SPEC = load_forms(ROOT / "templates" / "forms").catalog
COLUMNS = [column.header for column in SPEC.columns]
FIELDS = [column.field for column in SPEC.columns]

FIXTURE = ROOT / "tests" / "fixtures" / "catalog" / "hostile.csv"
HEADER = ",".join(COLUMNS)
HIT = "哈尔滨工业大学,哈尔滨,工程技术,土木工程,https://www.hit.edu.cn/,0451-86412114,继续教育学院,"
HIT_2 = "哈尔滨工业大学,哈尔滨,工程技术,建筑学,https://www.hit.edu.cn/,0451-86412114,继续教育学院,"
NEAU = "东北农业大学,哈尔滨,农业,农学,https://www.neau.edu.cn/,0451-55190114,成人教育学院,"
FILE = "data/institutions.csv"
URL_RULE = "报名网址应以 http:// 或 https:// 开头，后接网站域名，如 https://www.hit.edu.cn/"
NAMES = "培训院校、所在地、专业科目、培训专业、报名网址、联系电话、联系人、备注"
COMMA_HINT = "（内容里有逗号时，要用英文双引号把整个单元格括起来）"
MERGED = "如果是合并单元格，请取消合并，在每一行都填上{0}（本工具不会自动向下填充）"


def url_row(url: str) -> list[str]:
    return [HEADER, HIT.replace("https://www.hit.edu.cn/", url)]


def phone_row(phone: str) -> list[str]:
    return [HEADER, HIT.replace("0451-86412114", phone)]


def merged(line: int, column: str, above: str) -> str:
    return f"{FILE}:{line}: 错误 load: {column}: 为空，上方第 2 行是“{above}”；" + MERGED.format(column)


BAD_CSV = [
    pytest.param([HEADER.replace("报名网址", "报名网站"), HIT], [
        f"{FILE}:1: 错误 load: 表头: 不认识 E 列的列名“报名网站”；是不是“报名网址”？列名应为 {NAMES}"], id="wrong-header"),
    pytest.param([HEADER + ",培训专业", HIT + ",土木"], [
        f"{FILE}:1: 错误 load: 表头: “培训专业”出现了两次（D 列和 I 列）；请删除或改名其中一列"], id="duplicate-header"),
    pytest.param([HEADER.replace(",备注", ""), HIT[:-1]], [
        f"{FILE}:1: 错误 load: 表头: 缺少“备注”列；表头应为 {NAMES}"], id="missing-column"),
    pytest.param([HIT, HIT_2], [
        f"{FILE}:1: 错误 load: 表头: 第一行应为表头（{NAMES}），而现在是“哈尔滨工业大学、哈尔滨、工程技术、土木工程、https://www.hit.ed…”；"
        "请在文件最前面插入表头这一行"], id="missing-header"),
    pytest.param([HEADER, "哈尔滨工业大学,哈尔滨,工程技术,土木工程,https://www.hit.edu.cn/"], [
        f"{FILE}:2: 错误 load: 只有 5 个单元格，而表头有 8 列；请补上缺少的单元格{COMMA_HINT}"], id="too-few-cells"),
    pytest.param([HEADER, HIT + ",多出来的"], [
        f"{FILE}:2: 错误 load: 有 9 个单元格，而表头只有 8 列（I 列多出内容）；请删除多出的内容，或检查是否多了逗号{COMMA_HINT}"],
        id="too-many-cells"),
    pytest.param([HEADER, HIT, '东北农业大学,哈尔滨,农业,"农学,https://www.neau.edu.cn/,0451-55190114,成人教育学院,', HIT_2], [
        f"{FILE}:3: 错误 load: 英文双引号没有闭合：从这一行起直到文件末尾都成了一个单元格；请在单元格末尾补上 \"，或删去多余的 \""],
        id="unterminated-quote"),
    pytest.param([HEADER, '东北农业大学,哈尔滨,农业,"农学"概论,https://www.neau.edu.cn/,0451-55190114,成人教育学院,', HIT], [
        f"{FILE}:2: 错误 load: 英文双引号用法有误：引号括起的单元格在结束的 \" 之后还有文字；"
        "请把整个单元格用 \" 括起来，单元格里的 \" 写成两个 \"\""], id="text-after-quote"),
    pytest.param([HEADER, '东北农业大学,哈尔滨,农业,"农学', '概论",https://www.neau.edu.cn/,0451,成人教育学院,,多,余', HIT], [
        f"{FILE}:2: 错误 load: 这条记录从第 2 行延续到第 3 行，共 10 个单元格，而表头有 8 列；"
        "多半是某个单元格的英文双引号没有闭合，请检查这一行的 \""], id="record-over-two-lines"),
    pytest.param([HEADER, HIT.replace("土木工程", "")], [
        f"{FILE}:2: 错误 load: 培训专业: 不能为空；请填写培训专业"], id="empty-required-cell"),
    pytest.param([HEADER, HIT.replace("哈尔滨工业大学", "")], [
        f"{FILE}:2: 错误 load: 培训院校: 不能为空；请填写培训院校"], id="empty-first-row"),
    pytest.param([HEADER, HIT, ",,,建筑学,,,,"], [
        merged(3, "培训院校", "哈尔滨工业大学"), merged(3, "所在地", "哈尔滨"), merged(3, "专业科目", "工程技术"),
        merged(3, "报名网址", "https://www.hit.edu.cn/"), merged(3, "联系电话", "0451-86412114"),
        merged(3, "联系人", "继续教育学院")], id="merged-cells"),
    pytest.param([HEADER, HIT, HIT_2.replace("0451-86412114", ""), NEAU.replace("0451-55190114", "")], [
        merged(3, "联系电话", "0451-86412114")], id="merged-optional-cell-only-within-an-institution"),
    pytest.param([HEADER, HIT, HIT_2, HIT], [
        f"{FILE}:4: 错误 load: 培训专业: 与第 2 行重复（同一培训院校的同一培训专业）；请删除其中一行"], id="duplicate-row"),
    pytest.param([HEADER, HIT, HIT_2.replace("哈尔滨,", "哈尔滨市,", 1)], [
        f"{FILE}:3: 错误 load: 所在地: “哈尔滨市”与第 2 行同一院校的“哈尔滨”不同；同一培训院校各行的所在地应一致"], id="city-differs"),
    pytest.param([HEADER, HIT, HIT_2.replace("https://www.hit.edu.cn/", "https://hit.edu.cn/")], [
        f"{FILE}:3: 错误 load: 报名网址: “https://hit.edu.cn/”与第 2 行同一院校的“https://www.hit.edu.cn/”不同；"
        "同一培训院校各行的报名网址应一致"], id="registration-site-differs"),
    pytest.param([HEADER, HIT.replace("0451-86412114", ""), HIT_2], [
        f"{FILE}:3: 错误 load: 联系电话: 第 2 行同一院校的联系电话为空，这一行却是“0451-86412114”；同一培训院校各行的联系电话应一致"],
        id="phone-only-on-a-later-row"),
    pytest.param(url_row("javascript:alert(1)"), [
        f"{FILE}:2: 错误 load: 报名网址: “javascript:alert(1)”不是有效的网址；{URL_RULE}"], id="url-javascript"),
    pytest.param(url_row(" javascript:alert(1)"), [
        f"{FILE}:2: 错误 load: 报名网址: “javascript:alert(1)”不是有效的网址；{URL_RULE}"], id="url-space-javascript"),
    pytest.param(url_row("java\tscript:alert(1)"), [
        f"{FILE}:2: 错误 load: 报名网址: “java\\tscript:alert(1)”不是有效的网址；{URL_RULE}"], id="url-java-tab-script"),
    pytest.param(url_row("http://www.hit\t.edu.cn/"), [
        f"{FILE}:2: 错误 load: 报名网址: “http://www.hit\\t.edu.cn/”不是有效的网址；{URL_RULE}"], id="url-tab-in-host"),
    pytest.param(url_row("http://www.hit .edu.cn/"), [
        f"{FILE}:2: 错误 load: 报名网址: “http://www.hit .edu.cn/”不是有效的网址；{URL_RULE}"], id="url-space-in-host"),
    pytest.param(url_row("ftp://ftp.hit.edu.cn/"), [
        f"{FILE}:2: 错误 load: 报名网址: “ftp://ftp.hit.edu.cn/”不是有效的网址；{URL_RULE}"], id="url-ftp"),
    pytest.param(url_row("https:///registration"), [
        f"{FILE}:2: 错误 load: 报名网址: “https:///registration”不是有效的网址；{URL_RULE}"], id="url-without-host"),
    pytest.param(url_row("http://www.hit.edu.cn:abc/"), [
        f"{FILE}:2: 错误 load: 报名网址: “http://www.hit.edu.cn:abc/”不是有效的网址；{URL_RULE}"], id="url-bad-port"),
    pytest.param(url_row("www.hit.edu.cn"), [
        f"{FILE}:2: 错误 load: 报名网址: “www.hit.edu.cn”缺少开头的 http:// 或 https://；请写成完整网址，如 https://www.hit.edu.cn/"],
        id="url-without-scheme"),
    pytest.param(phone_row("4.51864E+11"), [
        f"{FILE}:2: 错误 load: 联系电话: “4.51864E+11”是 Excel 把号码当作数字后写成的科学计数法，号码已经丢失；"
        "请把这一列设为“文本”格式，重新填写完整号码，如 0451-86412114"], id="phone-scientific"),
    pytest.param(phone_row("45186412114"), [
        f"{FILE}:2: 错误 load: 联系电话: “45186412114”像是被 Excel 去掉了开头的 0（应为 045186412114）；"
        "请把这一列设为“文本”格式后重新填写，或写成 0451-86412114 这样带“-”的号码"], id="phone-lost-zero"),
    pytest.param(phone_row("13904511234.0"), [
        f"{FILE}:2: 错误 load: 联系电话: “13904511234.0”末尾的“.0”是 Excel 把号码当作数字留下的；请把这一列设为“文本”格式后重新填写"],
        id="phone-dot-zero"),
    pytest.param(phone_row("０４５１－８６４１２１１４"), [
        f"{FILE}:2: 错误 load: 联系电话: “０４５１－８６４１２１１４”用了全角数字或符号；请改为半角：0451-86412114"],
        id="phone-full-width"),
    pytest.param(phone_row("abc"), [
        f"{FILE}:2: 错误 load: 联系电话: “abc”不像电话号码：应有至少 7 位数字，只用“-”、空格、括号等分隔，"
        "如 0451-86412114；说明文字请写在备注里"], id="phone-not-a-number"),
    pytest.param(phone_row("1"), [
        f"{FILE}:2: 错误 load: 联系电话: “1”不像电话号码：应有至少 7 位数字，只用“-”、空格、括号等分隔，"
        "如 0451-86412114；说明文字请写在备注里"], id="phone-too-short"),
    pytest.param(url_row("https://www.hit.edu.cn@evil.example/"), [
        f"{FILE}:2: 错误 load: 报名网址: “https://www.hit.edu.cn@evil.example/”在“@”前面有“www.hit.edu.cn”，"
        "链接实际指向 evil.example；报名网址不能含有用户名或“@”，请写成 https://域名/ 的形式"], id="url-userinfo"),
    pytest.param([HEADER, HIT.replace("哈尔滨工业大学", "哈" * 3000)], [
        f"{FILE}:2: 错误 load: 培训院校: 有 3000 个字，超过了这一列的上限 200 字；请精简（较长的说明可以放在院校网站上）"],
        id="cell-too-long"),
    pytest.param([HEADER, HIT + "备" * 2001], [
        f"{FILE}:2: 错误 load: 备注: 有 2001 个字，超过了这一列的上限 2000 字；请精简（较长的说明可以放在院校网站上）"],
        id="note-too-long"),
    pytest.param([HEADER, HIT.replace("土木工程", "土木\x07工程")], [
        f"{FILE}:2: 错误 load: 培训专业: 含有 Word 和 Excel 文件里不能保存的控制字符 U+0007（第 3 个字符）；请删除它（多由复制粘贴带入）"],
        id="xml-illegal-character"),
]


def write_catalog(workdir: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path = workdir / "data" / "institutions.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_catalog(path, SPEC)
    return [str(p) for p in caught.value.findings]


@pytest.mark.parametrize(("lines", "expected"), BAD_CSV)
def test_bad_catalog_is_reported_with_file_line_and_column(workdir: Path, lines: list[str], expected: list[str]) -> None:
    assert problems(write_catalog(workdir, lines)) == expected


def test_every_problem_of_the_file_is_reported_at_once(workdir: Path) -> None:
    lines = [HEADER, HIT.replace("https://www.hit.edu.cn/", "javascript:alert(1)"), HIT_2, HIT_2,
             NEAU.replace("0451-55190114", "4.51864E+11")]
    assert problems(write_catalog(workdir, lines)) == [
        f"{FILE}:2: 错误 load: 报名网址: “javascript:alert(1)”不是有效的网址；{URL_RULE}",
        f"{FILE}:4: 错误 load: 培训专业: 与第 3 行重复（同一培训院校的同一培训专业）；请删除其中一行",
        f"{FILE}:5: 错误 load: 联系电话: “4.51864E+11”是 Excel 把号码当作数字后写成的科学计数法，号码已经丢失；"
        "请把这一列设为“文本”格式，重新填写完整号码，如 0451-86412114",
    ]


def test_catalog_problems_come_with_the_facts_problems_and_stop_the_build(workdir: Path) -> None:
    write_catalog(workdir, [HEADER, HIT.replace("土木工程", "")])
    facts = workdir / "data" / "notice.yml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("years: 5", "years: 五年"), encoding="utf-8")
    result = run()
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert f"{FILE}:2: 错误 load: 培训专业: 不能为空；请填写培训专业" in lines
    assert any(line.startswith("data/notice.yml:") and "cycle.years" in line for line in lines)
    assert lines[-1] == "发现 2 个问题，未生成任何文件。"
    assert not (workdir / "site").exists()


@pytest.mark.parametrize(("cell", "kept", "warning"), [
    (" 哈尔滨工业大学", "哈尔滨工业大学", "已去掉开头的空格"),
    ("哈尔滨工业大学\u3000", "哈尔滨工业大学", "已去掉结尾的全角空格"),
    ("\xa0哈尔滨工业大学", "哈尔滨工业大学", "已去掉开头的不间断空格"),
    ("哈尔滨\u200b工业大学", "哈尔滨工业大学", "已去掉中间的零宽空格"),
    ("\ufeff哈尔滨工业大学\t ", "哈尔滨工业大学", "已去掉开头的零宽空格，结尾的制表符、空格"),
    # Names are otherwise kept exactly: no NFKC, which would turn （） into () and 豈 into 豈.
    ("哈尔滨工业大学（威海）", "哈尔滨工业大学（威海）", None),
    ("豈①ＡＢ", "豈①ＡＢ", None),
    ("哈尔滨\u3000工业大学", "哈尔滨\u3000工业大学", None),
])
def test_stray_spaces_are_trimmed_and_reported_names_otherwise_kept(workdir: Path, cell: str, kept: str,
                                                                     warning: str | None) -> None:
    catalog = load_catalog(write_catalog(workdir, [HEADER, HIT.replace("哈尔滨工业大学", cell)]), SPEC)
    assert catalog.rows[0].institution == kept
    assert [str(w) for w in catalog.warnings] == (
        [f"{FILE}:2: 警告 catalog-stray-spaces: 培训院校: {warning}；请在文件中也删去"] if warning else [])


def test_blank_lines_and_empty_trailing_cells_from_excel_are_ignored(workdir: Path) -> None:
    catalog = load_catalog(write_catalog(workdir, [HEADER + ",,", "", HIT + ",,", ",,,,,,,,,", HIT_2]), SPEC)
    assert [row.line for row in catalog.rows] == [3, 5]
    assert [w.rule for w in catalog.warnings] == ["catalog-empty-columns"]


def test_a_missing_catalog_is_an_error_not_an_empty_annex(workdir: Path) -> None:
    (workdir / "data" / "institutions.csv").unlink()
    with pytest.raises(DataError) as caught:
        load_edition(workdir / "data")
    assert [str(p) for p in caught.value.findings] == [
        f"{FILE}: 错误 load: 找不到附件1 培训院校目录；请放入 institutions.csv（或 institutions.xlsx）"]


def test_csv_and_xlsx_side_by_side_is_an_error(workdir: Path) -> None:
    openpyxl.Workbook().save(workdir / "data" / "institutions.xlsx")
    with pytest.raises(DataError) as caught:
        load_edition(workdir / "data")
    assert [str(p) for p in caught.value.findings] == [
        "data/institutions.xlsx: 错误 load: institutions.csv 和 institutions.xlsx 同时存在，不知道以哪个为准；请删除或改名其中一个"]


def test_a_stray_gbk_line_is_caught_not_misread(workdir: Path) -> None:
    path = write_catalog(workdir, [HEADER, HIT, HIT_2])
    path.write_bytes(path.read_bytes() + NEAU.encode("gbk") + b"\n")
    assert problems(path) == [
        f"{FILE}:4: 错误 load: 文件大部分是 UTF-8 编码，但这一行不是（可能从 GBK 文件粘贴而来）；请用同一种编码重新保存整个文件"]


# The same rows, saved the ways Excel, WPS and Notepad save them.
def fixture_rows() -> list[list[str]]:
    with FIXTURE.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def save_xlsx(path: Path, rows: list[list[object]], merge: str | None = None) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text typed as '=1+1: Excel keeps it as text, not a formula
    if merge:
        sheet.merge_cells(merge)
    workbook.save(path)
    return path


SAVED_AS = {
    "UTF-8": lambda text, path: path.write_bytes(text.encode("utf-8")),
    "UTF-8 (BOM)": lambda text, path: path.write_bytes(text.encode("utf-8-sig")),
    "GB18030": lambda text, path: path.write_bytes(text.encode("gb18030")),
}


def fixture_text() -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(fixture_rows())
    return out.getvalue()


@pytest.mark.parametrize("encoding", list(SAVED_AS))
def test_each_encoding_is_read_and_named(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "institutions.csv"
    SAVED_AS[encoding](fixture_text(), path)
    catalog = load_catalog(path, SPEC)
    assert catalog.source.endswith(f"institutions.csv（{encoding}）")
    assert [[row[field] for field in FIELDS] for row in catalog.rows] == fixture_rows()[1:]


def test_xlsx_is_read_directly(tmp_path: Path) -> None:
    catalog = load_catalog(save_xlsx(tmp_path / "institutions.xlsx", fixture_rows()), SPEC)
    assert catalog.source.endswith("institutions.xlsx（Excel 工作表“Sheet”）")
    assert [[row[field] for field in FIELDS] for row in catalog.rows] == fixture_rows()[1:]


def test_every_way_of_saving_gives_identical_outputs(workdir: Path) -> None:
    data = workdir / "data"
    outputs = []
    for saved_as in [*SAVED_AS, "xlsx"]:
        for name in ("institutions.csv", "institutions.xlsx"):
            (data / name).unlink(missing_ok=True)
        if saved_as == "xlsx":
            save_xlsx(data / "institutions.xlsx", fixture_rows())
        else:
            SAVED_AS[saved_as](fixture_text(), data / "institutions.csv")
        edition = load_edition(data)
        pages = catalog_context(edition, downloads(edition))
        outputs.append((pages["catalog_html"], pages["institutions_html"], catalog_csv(edition.catalog),
                        catalog_xlsx(edition.catalog, "附件1", "发文机关", date(2012, 1, 9), label="附件1")))
    assert all(output == outputs[0] for output in outputs[1:])


XLSX_FILE = "data/institutions.xlsx"


@pytest.mark.parametrize(("rows", "merge", "expected"), [
    pytest.param([COLUMNS, HIT.replace("0451-86412114", "").split(",")[:5] + [45186412114, "继续教育学院"]], None,
                 [f"{XLSX_FILE}:2: 错误 load: 联系电话: “45186412114”像是被 Excel 去掉了开头的 0（应为 045186412114）；"
                  "请把这一列设为“文本”格式后重新填写，或写成 0451-86412114 这样带“-”的号码"], id="number-cell-phone"),
    pytest.param([COLUMNS, HIT.split(","), HIT_2.split(",")], "A2:A3",
                 [f"{XLSX_FILE}:3: 错误 load: 培训院校: 为空，上方第 2 行是“哈尔滨工业大学”；" + MERGED.format("培训院校")],
                 id="merged-cells"),
    pytest.param([COLUMNS, HIT.split(",") + ["", "多余"]], None,
                 [f"{XLSX_FILE}:2: 错误 load: 表头以外的 J 列还有内容；请删除它，或为这一列填上列名"], id="content-beside-the-table"),
])
def test_bad_xlsx_is_reported_with_row_and_column(workdir: Path, rows: list, merge: str | None,
                                                  expected: list[str]) -> None:
    (workdir / "data" / "institutions.csv").unlink()
    assert problems(save_xlsx(workdir / "data" / "institutions.xlsx", rows, merge)) == expected


def test_a_formula_without_its_saved_result_is_named_not_read_as_blank(workdir: Path) -> None:
    (workdir / "data" / "institutions.csv").unlink()
    path = save_xlsx(workdir / "data" / "institutions.xlsx", [COLUMNS, HIT.split(",")])
    workbook = openpyxl.load_workbook(path)
    workbook.active["G2"] = '=CONCAT("继续教育","学院")'  # openpyxl saves the formula without a result
    workbook.save(path)
    assert problems(path) == [
        f"{XLSX_FILE}:2: 错误 load: G2 是公式（=CONCAT(\"继续教育\",\"学院\")），文件里没有保存它的结果；"
        "请在 Excel 中打开后另存一次，或把公式换成文字"]


def test_a_file_that_is_not_a_workbook_is_named(workdir: Path) -> None:
    (workdir / "data" / "institutions.csv").rename(workdir / "data" / "institutions.xlsx")
    assert problems(workdir / "data" / "institutions.xlsx") == [
        f"{XLSX_FILE}: 错误 load: 无法作为 Excel 工作簿（.xlsx）打开；请在 Excel 或 WPS 中另存为“Excel 工作簿(*.xlsx)”或“CSV（逗号分隔）”"]


def test_the_shipped_sample_is_clean_and_large_enough() -> None:
    catalog = load_catalog(ROOT / "data" / "institutions.csv", SPEC)
    assert catalog.warnings == ()
    assert len(catalog.institutions) >= 15 and len(catalog.rows) >= 120
    assert {"哈尔滨工业大学", "东北农业大学", "东北林业大学", "黑龙江大学", "哈尔滨工程大学", "哈尔滨医科大学",
            "东北石油大学"} <= {i.name for i in catalog.institutions}


def test_every_column_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [name for name in COLUMNS if f"| `{name}` |" not in readme] == []


@pytest.mark.parametrize(("saved_as", "reported"), [
    ("UTF-8 (BOM)", "data/institutions.csv（UTF-8 (BOM)）"),
    ("GB18030", "data/institutions.csv（GB18030）"),
    ("xlsx", "data/institutions.xlsx（Excel 工作表“Sheet”）"),
])
def test_check_says_which_file_and_encoding_it_read(workdir: Path, saved_as: str, reported: str) -> None:
    shipped = workdir / "data" / "institutions.csv"
    text = shipped.read_text(encoding="utf-8-sig")
    if saved_as == "xlsx":
        shipped.unlink()
        save_xlsx(workdir / "data" / "institutions.xlsx", list(csv.reader(io.StringIO(text, newline=""))))
    else:
        SAVED_AS[saved_as](text, shipped)
    result = run("check")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [f"附件1：读取 {reported}，19 所培训院校、140 个培训专业"]
