"""One due-date rule (model/deadlines): 校验, 通报 and 催报 name the same day for the same 报送截止日."""

from __future__ import annotations

import json
from datetime import date
from email import message_from_bytes, policy

import docx
import pytest

import filled
from minsheng import cli
from minsheng.engines.file import apply_changes, read_master
from minsheng.model import layout as L
from minsheng.model.book import CellChange
from minsheng.model.deadlines import due_date


@pytest.mark.parametrize("month, due_day, due", [
    (3, 30, date(2024, 4, 30)), (1, 30, date(2024, 2, 29)), (1, 31, date(2024, 2, 29)),
    (2, 31, date(2024, 3, 31)), (12, 30, date(2025, 1, 30)), (0, 5, date(2024, 1, 5)), (4, 5, date(2024, 5, 5)),
])
def test_due_date_is_capped_at_the_length_of_the_month_it_falls_in(month, due_day, due):
    assert due_date(2024, month, due_day) == due
    assert due_date(2023, 1, 30) == date(2023, 2, 28)


def set_due_day(master, day: int) -> None:
    sheet = read_master(master)[L.CONFIG_SHEET]
    row, record = next((n, r) for n, r in sheet.records() if r["设置"] == "报送截止日")
    apply_changes(master, [CellChange(sheet.name, sheet.address(row, "值"), record["值"], day)])


@pytest.mark.parametrize("month, due, text", [(3, "2024-04-30", "4月30日"), (1, "2024-02-29", "2月29日")])
def test_validate_bulletin_and_remind_name_the_same_due_day(master, tmp_path, capsys, month, due, text):
    set_due_day(master, 30)
    filled.fill(master, month, entries={**filled.MARCH,
                                        ("9-2", "电梯检查"): {"累计完成": 130, "填报日期": date(2024, month + 2, 3)}})

    assert cli.main(["validate", str(master), "--month", str(month), "--json"]) == cli.PROBLEMS
    late = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["code"] == "report-date-outside-window"]
    assert len(late) == 1 and f"至 {due}）" in late[0]["message"]

    out = tmp_path / "通报.docx"
    assert cli.main(["bulletin", str(master), "--month", str(month), "--out", str(out), "--no-pdf",
                     "--no-digests", "--date", f"2024-{month + 1:02d}-08"]) == cli.OK
    paragraphs = [p.text for p in docx.Document(out).paragraphs]
    assert any(f"请于{text}前报送" in p for p in paragraphs)

    drafts = tmp_path / "草稿"
    assert cli.main(["remind", str(master), "--month", str(month), "--eml-dir", str(drafts), "--no-attach",
                     "--date", f"2024-{month + 1:02d}-03"]) == cli.PROBLEMS
    bodies = [message_from_bytes(f.read_bytes(), policy=policy.default).get_body(("plain",)).get_content()
              for f in drafts.iterdir()]
    assert bodies and all(f"应于{text}前报送" in body for body in bodies)
