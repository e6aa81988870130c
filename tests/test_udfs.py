"""The worksheet functions: as plain functions, and against the master's native formulas in LibreOffice."""

from __future__ import annotations

import pytest
from minsheng_udfs import MS_COMPLETION, MS_DEVIATION, MS_STATUS, MS_TIME_PROGRESS
from openpyxl import load_workbook

from minsheng.model import layout as L
from minsheng.engines.libreoffice import recalculate
from xlsm_book import load_xlsm


def test_completion():
    assert MS_COMPLETION(1200.0, 3000.0) == pytest.approx(0.4)
    assert MS_COMPLETION(None, 3000.0) == ""  # not reported is not zero
    assert MS_COMPLETION("", 3000.0, 0.5) == ""  # "" from a formula counts as blank
    assert MS_COMPLETION("1200", 3000.0) == ""  # text is not a number, as ISNUMBER says
    assert MS_COMPLETION(None, None, 0.6) == 0.6  # no target: 形象进度
    assert MS_COMPLETION(5.0, 0) == ""


def test_time_progress():
    assert MS_TIME_PROGRESS(1500.0, 3000.0) == 0.5
    assert MS_TIME_PROGRESS(0.25) == 0.25  # a qualitative item's plan is a share
    assert MS_TIME_PROGRESS(None, 3000.0) == ""
    assert MS_TIME_PROGRESS(10.0, 0) == ""


def test_deviation_and_status():
    assert MS_DEVIATION(0.4, 0.5) == 0.1
    assert MS_DEVIATION("", 0.5) == ""
    assert MS_STATUS(0.4, 0.5) == "正常"  # exactly 10 points behind is still green
    assert MS_STATUS(0.39, 0.5) == "滞后"
    assert MS_STATUS(0.2, 0.5) == "滞后"  # exactly 30 points: yellow
    assert MS_STATUS(0.19, 0.5) == "严重滞后"
    assert MS_STATUS(1.0, 0.5) == "已完成"
    assert MS_STATUS(None, 0.5) == MS_STATUS("", 0.5) == "未报送"
    assert MS_STATUS(0.39, 0.5, 0.15, 0.4) == "正常"
    assert MS_STATUS(0.39, 0.5, None, None) == "滞后"  # blank thresholds: the defaults


def test_names_share_a_prefix_and_are_marked_for_xlwings():
    """xlwings (Windows) registers the functions decorated with xw.func and refuses keyword-only
    arguments; elsewhere xw.func does nothing, so the decorators are read from the source."""
    import ast
    import inspect

    import minsheng_udfs

    tree = ast.parse(inspect.getsource(minsheng_udfs))
    decorated = {f.name for f in tree.body if isinstance(f, ast.FunctionDef)
                 and any(ast.unparse(d) == "xw.func" for d in f.decorator_list)}
    names = sorted(n for n in dir(minsheng_udfs) if n.startswith("MS_"))
    assert names == sorted(decorated) == ["MS_COMPLETION", "MS_DEVIATION", "MS_STATUS", "MS_TIME_PROGRESS"]
    for name in names:
        function = getattr(minsheng_udfs, name)
        kinds = {p.kind for p in inspect.signature(function).parameters.values()}
        assert function.__doc__ and kinds == {inspect.Parameter.POSITIONAL_OR_KEYWORD}, name


# shares of the target typed as 累计完成 (or as 形象进度), at month 6 where the plan is half
SHARES = (None, 0.0, 0.15, 0.2, 0.2001, 0.35, 0.4, 0.41, 1.0, 1.5, 0.5)


@pytest.mark.libreoffice
def test_same_results_as_the_native_formulas(master, tmp_path):
    month, yellow, red = 6, 0.15, 0.3
    book = load_xlsm(master)
    config = book[L.CONFIG_SHEET]
    for row in config.iter_rows(min_row=2):
        if row[0].value == "黄灯阈值":
            row[1].value = yellow
    sheet = book[L.month_sheet(month)]
    col = {h: i + 1 for i, h in enumerate(L.MONTH_HEADERS)}
    for r in range(2, sheet.max_row + 1):
        share = SHARES[r % len(SHARES)]
        target = sheet.cell(r, col["目标值"]).value
        if share is not None:
            header = "形象进度" if target is None else "累计完成"
            sheet.cell(r, col[header], share if target is None else target * share)
    filled = tmp_path / "filled.xlsm"
    book.save(filled)
    recalced = load_workbook(recalculate(filled, tmp_path / "lo"), data_only=True)[L.month_sheet(month)]
    seen = set()
    for row in recalced.iter_rows(min_row=2, values_only=True):
        v = {h: row[i - 1] for h, i in col.items()}
        blank = lambda x: None if x == "" else x  # noqa: E731 - openpyxl reads a formula's "" as ""
        completion = MS_COMPLETION(v["累计完成"], v["目标值"], v["形象进度"])
        progress = MS_TIME_PROGRESS(v["本月计划累计"], v["目标值"])
        assert blank(completion) == pytest.approx(blank(v["完成率"])), v
        assert progress == pytest.approx(v["时序进度"]), v
        assert MS_STATUS(completion, progress, yellow, red) == v["状态"], v
        seen.add(v["状态"])
    assert seen == set(L.STATUSES)
