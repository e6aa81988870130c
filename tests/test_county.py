"""Any county's list in its own words: catalogues we write ourselves, built and run through
split → consolidate → status → bulletin, with assertions on what people read (file names,
报送记录, the status text, the bulletin read back by python-docx)."""

from __future__ import annotations

import csv
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from minsheng import cli
from minsheng.model import directory as D
from minsheng.model.place import Place
from minsheng.model.units import split_units

import clerk
from xlsm_book import load_xlsm

HEADER = ("项目编号", "项目类别", "项目内容", "分管县领导", "责任单位", "协办单位", "指标", "目标值", "计量单位")


def catalogue(path: Path, rows: list[tuple]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(rows)
    return path


def directory_file(path: Path, rows: list[tuple]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(("单位", "简称/别名", "联系人", "联系电话", "电子邮箱"))
        w.writerows(rows)
    return path


def run_month(tmp_path: Path, master: Path, month: int, figures: dict[str, dict], capsys) -> dict:
    """split, a clerk fills each unit's file, consolidate, status, bulletin: what each said."""
    out = tmp_path / "下发"
    assert cli.main(["split", str(master), "--month", str(month), "--out", str(out)]) == cli.OK
    files = sorted(p.name for p in out.glob("*.xlsx"))
    units = clerk.split(master, month, tmp_path / "填报")
    back = tmp_path / "回收"
    back.mkdir()
    for unit, path in units.items():
        if unit in figures:
            clerk.fill(path, figures[unit], out=back / path.name)
    capsys.readouterr()
    assert cli.main(["consolidate", str(master), str(back), "--month", str(month)]) == cli.OK
    consolidated = capsys.readouterr().out
    assert cli.main(["status", str(master), "--month", str(month)]) in (cli.OK, cli.PROBLEMS)  # PROBLEMS: some units unreported
    status = capsys.readouterr().out
    paper = tmp_path / "通报.docx"
    assert cli.main(["bulletin", str(master), "--month", str(month), "--out", str(paper), "--no-pdf",
                     "--date", f"{master.stem[-4:]}-{month + 1:02d}-08"]) == cli.OK
    text = "\n".join(p.text for p in docx.Document(str(paper)).paragraphs)
    digests = sorted(p.name for p in tmp_path.glob("通报_*摘要/*.docx"))
    return {"files": files, "consolidated": consolidated, "status": status, "bulletin": text,
            "digests": digests, "digest_dirs": sorted(p.name for p in tmp_path.glob("通报_*摘要"))}


def sheet_column(master: Path, sheet: str, header: str) -> list:
    book = load_workbook(master, read_only=True)
    try:
        rows = list(book[sheet].iter_rows(values_only=True))
    finally:
        book.close()
    c = list(rows[0]).index(header)
    return [r[c] for r in rows[1:] if c < len(r) and r[c] is not None]


def config(master: Path) -> dict:
    book = load_workbook(master, read_only=True)
    try:
        return {r[0]: r[1] for r in book["配置"].iter_rows(min_row=2, values_only=True) if r[0]}
    finally:
        book.close()


# ---------------------------------------------------------------- a 区 with short names and a 发改委 office

@pytest.fixture
def haishu(tmp_path) -> Path:
    path = catalogue(tmp_path / "海曙区民生实事2025.csv", [
        ("1-1", "教育", "新建幼儿园2所", "王强", "教育局", "", "新建幼儿园", 2, "所"),
        ("1-2", "教育", "改造校舍", "王强", "区教育局", "", "校舍改造", 10, "所"),
        ("2-1", "社区", "各镇街道建设养老站", "李敏", "各镇(街道、园区)", "民政局", "养老站", 12, "个"),
        ("3-1", "就业", "新增就业", "李敏", "人社局", "", "新增就业", 3000, "人"),
    ])
    master = tmp_path / "民生实事2025.xlsm"
    assert cli.main(["build", "--catalog", str(path), "--out", str(master), "--region", "海曙区",
                     "--office", "区发改委"]) == cli.OK
    return master


def test_a_district_keeps_its_own_names_and_words(haishu, tmp_path, capsys):
    # the notice's names, never 微山's; the bracketed list is one unit
    assert sheet_column(haishu, "配置", "责任单位")[:4] == ["教育局", "区教育局", "各镇(街道、园区)", "人社局"]
    assert config(haishu)["地区"] == "海曙区" and config(haishu)["督查室"] == "区发改委"
    assert config(haishu)["模板版本"] == "2025.1"
    contacts = sheet_column(haishu, "单位通讯录", "单位")
    assert "区发改委" in contacts and "王强（分管区领导）" in contacts and "县政府督查室" not in contacts
    seen = run_month(tmp_path, haishu, 3, {
        "教育局": {("1-1", "新建幼儿园"): {"累计完成": 1, "进展情况": "一所已开工"}},
        "人社局": {("3-1", "新增就业"): {"累计完成": "800人", "进展情况": "按月推进"}},
    }, capsys)
    assert seen["files"] == ["2025年3月填报表_人社局.xlsx", "2025年3月填报表_区教育局.xlsx",
                             "2025年3月填报表_各镇(街道、园区).xlsx", "2025年3月填报表_教育局.xlsx"]
    assert "全区 4 项 4 个指标" in seen["status"] and "全县" not in seen["status"]
    text = seen["bulletin"]
    assert "区发改委对截至3月底各项目推进情况进行了调度" in text
    assert "全区4个民生实事指标中" in text and "提请分管区领导约谈" in text and "请各分管区领导督促" in text
    assert "县" not in text
    assert "2025年" in text and "2024" not in text
    assert seen["digest_dirs"] == ["通报_分管区领导摘要"] and seen["digests"] == ["李敏.docx", "王强.docx"]
    # no orphan rows: each unit of 报送记录 is one that was sent a file
    march = [u for m, u in zip(sheet_column(haishu, "报送记录", "月份"), sheet_column(haishu, "报送记录", "单位"))
             if m == 3]
    assert sorted(march) == sorted(f.split("_", 1)[1].removesuffix(".xlsx") for f in seen["files"])


def test_lookalike_names_are_a_warning_naming_both_never_a_rewrite(tmp_path, capsys):
    path = catalogue(tmp_path / "目录2025.csv", [
        ("1-1", "教育", "新建幼儿园", "王强", "教育局", "", "幼儿园", 2, "所"),
        ("1-2", "教育", "改造校舍", "王强", "海曙区教育局", "", "校舍", 10, "所"),
        ("2-1", "教育", "体育场地", "王强", "教體局", "", "场地", 5, "个"),
        ("2-2", "教育", "体育设施", "王强", "教体局", "", "设施", 5, "个"),
    ])
    master = tmp_path / "民生实事2025.xlsm"
    capsys.readouterr()
    assert cli.main(["build", "--catalog", str(path), "--out", str(master), "--region", "海曙区"]) == cli.OK
    err = capsys.readouterr().err
    assert "“教育局”（项目 1-1 责任单位）与“海曙区教育局”（项目 1-2 责任单位）看起来是同一单位" in err
    assert "“教體局”（项目 2-1 责任单位）与“教体局”（项目 2-2 责任单位）看起来是同一单位" in err
    assert "简称/别名中写上“海曙区教育局”" in err
    assert sheet_column(master, "配置", "责任单位")[:4] == ["教育局", "海曙区教育局", "教體局", "教体局"]
    assert config(master)["督查室"] == "区政府督查室"
    seen = run_month(tmp_path, master, 2, {"教體局": {("2-1", "场地"): {"累计完成": 2, "进展情况": "施工"}}}, capsys)
    assert "2025年2月填报表_教體局.xlsx" in seen["files"] and "2025年2月填报表_教体局.xlsx" in seen["files"]
    assert "2-1    场地                    教體局" in seen["status"]
    assert "区政府督查室对截至2月底" in seen["bulletin"] and "全区4个民生实事指标中，已完成0个，正常推进1个" in seen["bulletin"]


def test_a_county_directory_merges_spellings_and_fills_contacts(tmp_path, capsys):
    path = catalogue(tmp_path / "目录2026.csv", [
        ("1-1", "教育", "新建幼儿园", "", "教育局", "", "幼儿园", 2, "所"),
        ("1-2", "教育", "改造校舍", "", "区教育局", "", "校舍", 10, "所"),
    ])
    units = directory_file(tmp_path / "单位.csv", [("教育局", "区教育局；海曙区教育局", "陈静", "87000000", "jyj@hs.gov.cn")])
    master = tmp_path / "民生实事2026.xlsm"
    capsys.readouterr()
    assert cli.main(["build", "--catalog", str(path), "--out", str(master), "--region", "海曙区",
                     "--units", str(units)]) == cli.OK
    assert "看起来是同一单位" not in capsys.readouterr().err
    assert sheet_column(master, "配置", "责任单位")[:1] == ["教育局"]
    assert "区教育局" not in sheet_column(master, "配置", "责任单位")
    book = load_workbook(master, read_only=True)
    rows = [r for r in book["单位通讯录"].iter_rows(values_only=True)]
    book.close()
    assert ("教育局", "陈静", "87000000", "jyj@hs.gov.cn", "责任单位") in rows
    assert not any(str(r[0]).endswith("领导）") for r in rows[1:])  # no blank leader's row
    assert config(master)["模板版本"] == "2026.1"
    seen = run_month(tmp_path, master, 5, {
        "教育局": {("1-1", "幼儿园"): {"累计完成": 1, "进展情况": "开工"},
                  ("1-2", "校舍"): {"累计完成": 4, "进展情况": "施工"}}}, capsys)
    assert seen["files"] == ["2026年5月填报表_教育局.xlsx"]
    assert "2026年" in seen["bulletin"] and "全区2个民生实事指标中，已完成0个" in seen["bulletin"]


# ---------------------------------------------------------------- the embedded list keeps its words


def test_the_embedded_master_keeps_weishan_wording(built_master):
    settings = config(built_master)
    assert (settings["地区"], settings["督查室"], settings["模板版本"], settings["单位名称匹配"]) == \
        ("微山县", "县政府督查室", "2024.1", "宽松")


@pytest.mark.parametrize("region, whole, office, leader", [
    ("微山县", "全县", "县政府督查室", "分管县领导"), ("海曙区", "全区", "区政府督查室", "分管区领导"),
    ("邹城市", "全市", "市政府督查室", "分管市领导"), ("达拉特旗", "全旗", "旗政府督查室", "分管旗领导"),
    ("济宁经开区", "全区", "区政府督查室", "分管区领导")])
def test_wording_follows_the_regions_suffix(region, whole, office, leader):
    place = Place(region)
    assert (place.whole, place.office, place.leader) == (whole, office, leader)
    assert Place(region, "区发改委").office == "区发改委"


@pytest.mark.parametrize("text, expected", [
    ("各镇(街道、园区)", ["各镇(街道、园区)"]),
    ("教育局、民政局，人社局;财政局\n残联", ["教育局", "民政局", "人社局", "财政局", "残联"]),
    ("有关乡镇（街道）、水务局", ["有关乡镇(街道)", "水务局"]),
])
def test_unit_lists_split_never_inside_brackets(text, expected):
    assert split_units(text) == expected


def test_a_strict_directory_does_not_strip_prefixes():
    directory, _ = D.for_catalogue(["教育局", "区教育局"])
    assert directory.canonical("区教育局") == "区教育局" and directory.canonical("教育局") == "教育局"
    assert directory.canonical("县教育局") is None
    assert D.lookalikes(["教育局", "区教育局"], directory) == [("教育局", "区教育局")]


def test_a_district_exports_and_signs_in_its_own_words(haishu, tmp_path, capsys):
    """The long table heads its leader column as the place says it, and a reminder without the
    office's 单位通讯录 row is signed by 配置's office (区发改委), never 县政府督查室."""
    run_month(tmp_path, haishu, 3, {"人社局": {("3-1", "新增就业"): {"累计完成": 800}}}, capsys)
    table = tmp_path / "长表.csv"
    assert cli.main(["export", str(haishu), "--out", str(table), "--month", "3"]) == cli.OK
    with table.open(encoding="utf-8-sig") as f:
        header = next(csv.reader(f))
    assert "分管区领导" in header and not [h for h in header if "县" in h]
    # the clerk clears the office's row and gives 教育局 an address
    book = load_xlsm(haishu)
    sheet = book["单位通讯录"]
    names = [c.value for c in sheet["A"]]
    email = [c.value for c in sheet[1]].index("电子邮箱") + 1
    sheet.cell(names.index("区发改委") + 1, 1).value = None
    sheet.cell(names.index("教育局") + 1, email).value = "jyj@haishu.example.cn"
    book.save(haishu)
    drafts = tmp_path / "草稿"
    assert cli.main(["remind", str(haishu), "--month", "3", "--eml-dir", str(drafts), "--sender",
                     "fgw@haishu.example.cn", "--date", "2025-04-08"]) in (cli.OK, cli.PROBLEMS)
    from email import message_from_bytes, policy
    [draft] = [message_from_bytes(p.read_bytes(), policy=policy.default) for p in drafts.glob("*.eml")]
    text = draft.get_body(("plain",)).get_content()
    assert "区发改委\n2025年4月8日" in text and "县" not in text
    assert "区发改委" in str(draft["From"])
