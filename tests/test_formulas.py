"""完成率, 时序进度 and 状态 where the 目标值 is 0 or below (typed over on a sheet without a password,
or in a return): no rates, 未报送, in Python and in the native formulas alike."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from minsheng.model import formulas
from minsheng.model import layout as L
from minsheng.status import progress
from minsheng.engines.file import read_master
from minsheng.engines.libreoffice import recalculate
from xlsm_book import load_xlsm

COL = {h: i for i, h in enumerate(L.MONTH_HEADERS)}


def test_no_time_progress_without_a_target_above_zero():
    assert formulas.time_progress(1500.0, 3000.0) == 0.5
    assert formulas.time_progress(0.25, None) == 0.25  # no number: the plan is a share
    assert formulas.time_progress(1500.0, 0) is None
    assert formulas.time_progress(1500.0, -5.0) is None
    assert formulas.time_progress(None, 3000.0) is None


def test_no_completion_without_a_target_above_zero():
    assert formulas.completion(1200.0, 3000.0) == 0.4
    assert formulas.completion(5.0, 0) is None
    assert formulas.completion(5.0, -5.0) is None
    assert formulas.status(formulas.completion(5.0, 0), formulas.time_progress(0.0, 0)) == "未报送"


@pytest.mark.libreoffice
def test_libreoffice_and_python_agree_on_targets_of_zero_and_below(master, tmp_path):
    month, targets = 6, {2: 0, 4: -5, 5: 0}  # sheet row → 目标值 typed over (the sheet has no password)
    book = load_xlsm(master)
    sheet = book[L.month_sheet(month)]
    for row, target in targets.items():
        sheet.cell(row, COL["目标值"] + 1, target)
        sheet.cell(row, COL["累计完成"] + 1, 7)
    filled = tmp_path / "filled.xlsm"
    book.save(filled)
    native = load_workbook(recalculate(filled, tmp_path / "lo"), data_only=True)[L.month_sheet(month)]
    computed = {(i.id, i.indicator): i for i in progress.compute(read_master(filled), month).indicators}
    for row, target in targets.items():
        shown = {h: native.cell(row, c + 1).value for h, c in COL.items()}
        plan = shown["本月计划累计"]
        assert isinstance(plan, (int, float)) and plan > 0, shown
        python = computed[(shown["项目编号"], shown["指标"])]
        assert shown["时序进度"] in (None, "") and formulas.time_progress(plan, target) is None
        assert python.time_progress is None
        rate = formulas.completion(7, target)
        assert shown["完成率"] in (None, "") and rate is None and python.completion is None
        assert shown["状态"] == formulas.status(rate, None) == python.status == "未报送", shown
