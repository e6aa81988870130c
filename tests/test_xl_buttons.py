"""The ribbon's wired buttons, end to end through xlwings' remote interpreter.

Each test opens a real master (built by `minsheng build`, filled the way clerks fill it) as the
calling workbook, presses the button (calls its entry point), and compares what the button asked
Excel to write with what the CLI's core computes from the same file. 校验: test_xl_validate.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import xlwings as xw
from excel_payload import actions, alerts, values_at

from minsheng.status import dashboard
from minsheng.model import layout as L
from minsheng.status import progress
from minsheng import xl
from minsheng.engines.file import read_master
from minsheng.engines.excel_blocks import excel_text
from xlsm_book import load_xlsm

MONTH = 3


def typed(path: Path, month: int = MONTH) -> dict[str, dict[str, object]]:
    """What clerks typed into the month: numbers for most rows, 形象进度 for the qualitative ones,
    nothing for every fifth row (not reported)."""
    sheet = read_master(path).month(month)
    edits = {}
    for n, record in sheet.records():
        if n % 5 == 0:
            continue
        target = record["目标值"]
        if target is None:
            edits[sheet.address(n, "形象进度")] = (n % 10) / 10
        else:
            edits[sheet.address(n, "累计完成")] = round(target * ((n * 7) % 13) / 12, 2)
    return {L.month_sheet(month): edits}


def file_with(path: Path, edits: dict, tmp: Path) -> Path:
    """The same edits in a file, for the CLI's reader."""

    book = load_xlsm(path)
    for sheet, cells in edits.items():
        for cell, value in cells.items():
            book[sheet][cell] = value
    out = tmp / f"filled-{path.parent.name}.xlsm"
    book.save(out)
    return out


def test_status_writes_the_dashboard_the_cli_computes(remote, master, tmp_path):
    edits = typed(master)
    book = remote(master, active=L.month_sheet(MONTH), edits=edits)
    xl.status()
    [message] = alerts(book)
    found = progress.compute(read_master(file_with(master, edits, tmp_path)), MONTH)
    county = found.county()
    assert f"{MONTH} 月滞后预警：{county['indicators']} 个指标" in message and "“汇总”表已更新" in message
    expected = {c.cell: excel_text(c.new if c.new is not None else "") for c in dashboard.changes(found, None)}
    written = values_at(book, L.DASHBOARD_SHEET)
    built = read_master(master)[L.DASHBOARD_SHEET].rows  # a cell the button leaves alone keeps this
    assert {cell: written[cell] if cell in written else excel_text(_at(built, cell)) for cell in expected} == expected
    assert any(cell not in written for cell in expected)  # the button skips what already holds its value
    assert county["red"] + county["missing"] > 0 and "滞后的指标" in message


def _at(rows: list[list], cell: str) -> object:
    r, c = L.cell_index(cell)
    value = rows[r - 1][c - 1] if r - 1 < len(rows) and c - 1 < len(rows[r - 1]) else None
    return "" if value is None else value


def test_status_calls_into_excel_do_not_grow_with_rows(remote, master, master_x10, tmp_path):
    counts = []
    for path in (master, master_x10):
        book = remote(path, active=L.month_sheet(MONTH), edits=typed(path))
        xl.status()
        counts.append(len(actions(book)))
        assert len(alerts(book)) == 1
        del xw.Book._mock_caller
    assert counts[0] == counts[1]


def test_status_on_a_sheet_that_is_not_a_month_uses_the_reporting_month(remote, master):
    book = remote(master, active=L.DASHBOARD_SHEET)
    xl.status()
    assert "月滞后预警" in alerts(book)[0]


def test_split_writes_one_workbook_per_unit_beside_the_master(remote, master):
    book = remote(master, active=L.month_sheet(MONTH))
    xl.split()
    [message] = alerts(book)
    out = Path.cwd() / xl.SEND_FOLDER / f"{MONTH}月"
    files = sorted(out.glob("*.xlsx"))
    assert files and f"已为 {len(files)} 个责任单位生成 {MONTH} 月填报表" in message
    assert actions(book, "setValues") == []  # the master is not changed


def test_consolidate_merges_returns_into_the_open_master(remote, master, tmp_path):
    import clerk

    sent = clerk.split(master, MONTH, tmp_path / "sent")
    unit, path = next(iter(sent.items()))
    sheet = read_master(master).month(MONTH)
    key, (row, record) = next((k, v) for k, v in sheet.by_key().items() if unit in str(v[1]["责任单位"]))
    value = (record["目标值"] or 1) / 2
    returned = Path.cwd() / xl.RETURNS_FOLDER / f"{MONTH}月"
    returned.mkdir(parents=True)
    header = "累计完成" if record["目标值"] is not None else "形象进度"
    ret = clerk.fill(path, {key: {header: value, "进展情况": "=已完成一半"}}, text=("进展情况",),
                     out=returned / path.name)

    book = remote(master, active=L.month_sheet(MONTH))
    xl.consolidate()
    [message] = alerts(book)
    assert f"{MONTH} 月汇总：收到 1 个文件，采用 1 个" in message, message
    written = values_at(book, L.month_sheet(MONTH))
    assert written[sheet.address(row, header)] == value
    assert written[sheet.address(row, "进展情况")] == "'=已完成一半"  # stays text in Excel
    log = values_at(book, L.LOG_SHEET)
    assert log["B2"] == "汇总回收表" and log["C2"] == ret.name


def test_consolidate_without_returns_says_where_to_put_them(remote, master):
    book = remote(master, active=L.month_sheet(MONTH))
    xl.consolidate()
    [message] = alerts(book)
    assert "没有找到报回的工作簿" in message and str(Path.cwd() / xl.RETURNS_FOLDER / f"{MONTH}月") in message
    assert actions(book, "setValues") == []


def test_bulletin_writes_the_document_and_the_leaders_digests_beside_the_master(remote, master):
    import docx

    book = remote(master, active=L.month_sheet(MONTH), edits=typed(master))
    xl.bulletin()
    [message] = alerts(book)
    out = Path.cwd() / xl.BULLETIN_FOLDER / f"2024年{MONTH}月民生实事推进情况通报.docx"
    assert str(out) in message, message
    text = "\n".join(p.text for p in docx.Document(out).paragraphs)
    assert f"关于2024年{MONTH}月民生实事推进情况的通报" in text
    digests = sorted((out.parent / f"{out.stem}_分管县领导摘要").glob("*.docx"))
    assert digests and f"另有 {len(digests)} 份分管县领导摘要" in message
    assert actions(book, "setValues") == []


@pytest.mark.libreoffice
def test_bulletin_writes_the_pdfs_of_the_document_and_of_each_digest(remote, master):
    """The button publishes what `minsheng bulletin` publishes: each digest has its PDF too."""
    book = remote(master, active=L.month_sheet(MONTH), edits=typed(master))
    xl.bulletin()
    [message] = alerts(book)
    out = Path.cwd() / xl.BULLETIN_FOLDER / f"2024年{MONTH}月民生实事推进情况通报.docx"
    assert out.with_suffix(".pdf").exists() and "没有完成" not in message, message
    folder = out.parent / f"{out.stem}_分管县领导摘要"
    digests = sorted(p.stem for p in folder.glob("*.docx"))
    assert digests and sorted(p.stem for p in folder.glob("*.pdf")) == digests


def with_emails(path: Path, edits: dict) -> dict:
    """Every row of 单位通讯录 gets an e-mail address (column 电子邮箱)."""
    sheet = read_master(path)[L.CONTACTS_SHEET]
    edits = dict(edits)
    edits[L.CONTACTS_SHEET] = {sheet.address(n, "电子邮箱"): f"u{n}@weishan.gov.cn" for n, _ in sheet.records()}
    return edits


def test_remind_writes_drafts_for_units_behind_or_missing(remote, master, tmp_path):
    from minsheng.model import contacts
    from minsheng.mail import reminders
    from minsheng.model import settings

    edits = with_emails(master, typed(master))
    book = remote(master, active=L.month_sheet(MONTH), edits=edits)
    xl.remind()
    [message] = alerts(book)
    drafts = sorted((Path.cwd() / "催报" / f"{MONTH}月").glob("*.eml"))
    filled = read_master(file_with(master, edits, tmp_path))
    s = settings.load(filled)
    plan = reminders.plan(progress.compute(filled, MONTH, s), contacts.load(filled), year=s.year,
                          due_day=s.due_day)
    assert plan.send and len(drafts) == len(plan.send)
    assert f"为 {len(drafts)} 个单位写好邮件草稿" in message
    assert actions(book, "setValues") == []


def test_remind_without_the_offices_address_writes_drafts_without_a_sender(remote, master):
    book = remote(master, active=L.month_sheet(MONTH), edits=typed(master))
    xl.remind()
    assert "县政府督查室没有电子邮箱：草稿未填发件人" in alerts(book)[0]


def test_remind_attaches_the_workbooks_split_left_beside_the_master(remote, master):
    import email

    edits = with_emails(master, typed(master))
    remote(master, active=L.month_sheet(MONTH), edits=edits)
    xl.split()
    book = remote(master, active=L.month_sheet(MONTH), edits=edits)
    xl.remind()
    drafts = sorted((Path.cwd() / "催报" / f"{MONTH}月").glob("*.eml"))
    assert drafts
    for draft in drafts:
        msg = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
        names = [part.get_filename() for part in msg.iter_attachments()]
        assert len(names) == 1 and names[0].startswith(f"2024年{MONTH}月填报表_"), (draft.name, names)
    assert "写好邮件草稿" in alerts(book)[0]

