"""The demo's returns carry the story's save time, not today's: the units' files filled twice, in two
folders some seconds apart, are the same bytes (so their sha256 in 日志 is the same on a second run)."""

from __future__ import annotations

import time
import zipfile
from datetime import datetime

from openpyxl import load_workbook

from minsheng.demo.returns import fill_like_units
from minsheng.engines.disk import sha256
from minsheng.engines.file import read_master
from minsheng.roundtrip.split import split_month


def test_two_runs_of_the_returns_step_give_the_same_bytes(master, tmp_path, capsys):
    book = read_master(master)
    sent = split_month(book, 3, tmp_path / "下发")
    previous = split_month(book, 2, tmp_path / "下发-上月")
    fill_like_units(sent, previous, 3, 2024, tmp_path / "first")
    time.sleep(2.1)  # a zip entry's time has a 2-second step: today's time would now differ
    fill_like_units(sent, previous, 3, 2024, tmp_path / "second")
    first = {p.name: sha256(p) for p in sorted((tmp_path / "first").iterdir())}
    second = {p.name: sha256(p) for p in sorted((tmp_path / "second").iterdir())}
    assert len(first) == len(sent) and first == second  # 16 returns, one unit none, 县残联 a draft too

    made = tmp_path / "first" / "2024年3月填报表_县残联.xlsx"
    props = load_workbook(made, read_only=True).properties  # an independent reader of docProps/core.xml
    assert (props.created, props.modified) == (datetime(2024, 4, 1, 9), datetime(2024, 4, 3, 10))
    with zipfile.ZipFile(made) as z:
        assert {i.date_time for i in z.infolist()} == {(2024, 4, 3, 10, 0, 0)}
    assert datetime.fromtimestamp(made.stat().st_mtime) == datetime(2024, 4, 3, 10)
    capsys.readouterr()

