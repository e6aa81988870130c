"""配置 节点严重滞后月数 (leftover of issue 15): how many months a 节点 (milestone) may be overdue
before it is 严重滞后 is a setting, default 1 month (today's rule), read alike by status, by the
master's native formulas recalculated in LibreOffice, by the fill-in files split writes, and carried
into the next year's master by new-year like every other setting."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

import clerk

from minsheng.builder import targets
from minsheng.builder.master import build
from minsheng.engines.file import apply_changes, read_master
from minsheng.engines.libreoffice import recalculate
from minsheng.jobs import new_year as new_year_job
from minsheng.model import catalogue, milestones
from minsheng.model import layout as L
from minsheng.model import settings as settings_mod
from minsheng.model.book import CellChange
from minsheng.roundtrip import split
from minsheng.status import progress

KEY = "节点严重滞后月数"
NODES = "动工 3月底；主体完工 6月底；投入使用 12月底"  # 主体完工 due in June


def _master(tmp_path):
    source = tmp_path / "目录2025.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["项目编号", "项目类别", "项目内容", "责任单位", "指标", "目标值", "计量单位", "目标类型", "节点"])
        out.writerow(["1", "民生", "城区学校建设", "县教育局", "形象进度", "", "", "节点", NODES])
        out.writerow(["2", "民生", "新增就业", "县人社局", "新增就业", "3000", "人", "", ""])
    return build(catalogue.load(source, read_target=targets.read), tmp_path / "民生实事2025.xlsm")


def _set(path, value) -> None:
    """What a clerk does in 配置: type a new value beside 节点严重滞后月数."""
    config = read_master(path)[L.CONFIG_SHEET]
    [(row, record)] = [(n, r) for n, r in config.records() if r["设置"] == KEY]
    apply_changes(path, [CellChange(config.name, config.address(row, "值"), record["值"], value)])


def _type_done(path, months, done: int = 1) -> None:
    """The unit reports 动工 done (1 node) and nothing more, month after month."""
    book = read_master(path)
    changes = []
    for m in months:
        sheet = book.month(m)
        row, _ = sheet.by_key()[("1", milestones.INDICATOR)]
        changes.append(CellChange(sheet.name, sheet.address(row, "累计完成"), None, done))
    apply_changes(path, changes)


def _node(path, month):
    found = progress.compute(read_master(path), month)
    return next(i for i in found.indicators if i.id == "1")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return _master(tmp_path_factory.mktemp("severe"))


@pytest.fixture
def master(built, tmp_path):
    path = tmp_path / built.name
    path.write_bytes(built.read_bytes())
    return path


def test_the_setting_is_a_config_row_with_todays_rule_as_default(built):
    book = read_master(built)
    rows = {r["设置"]: r for _, r in book[L.CONFIG_SHEET].records()}
    assert rows[KEY]["值"] == milestones.SEVERE_MONTHS == 1 and "严重滞后" in rows[KEY]["说明"]
    assert settings_mod.load(book).node_severe == 1


@pytest.mark.parametrize("typed, read", [(2, 2), ("3", 3), (0, 0), (-1, 0), (2.9, 2), ("两个月", 1), (None, 1)])
def test_what_a_clerk_types_is_read_as_whole_months_and_nonsense_keeps_the_default(master, typed, read):
    _set(master, typed)
    assert settings_mod.load(read_master(master)).node_severe == read


@pytest.mark.parametrize("setting, lights", [
    (1, ["滞后", "严重滞后", "严重滞后"]),  # today's rule: a month overdue
    (2, ["滞后", "滞后", "严重滞后"]),
    (0, ["严重滞后", "严重滞后", "严重滞后"]),  # due and not done is 严重滞后 at once
])
def test_status_follows_the_setting(master, setting, lights):
    _type_done(master, range(1, 9))
    _set(master, setting)
    assert [_node(master, m).light for m in (6, 7, 8)] == lights
    assert milestones.late(milestones.read(NODES)[0], 1, 7, severe=setting) == f"主体完工（6月底）未完成，{lights[1]}"


@pytest.mark.libreoffice
def test_libreoffice_reads_the_setting_live_as_python_does(master, tmp_path):
    """The master's native 状态 reads cfg_node_severe: changing 配置 after the build changes the light."""
    _type_done(master, range(1, 9))
    _set(master, 2)
    native = load_workbook(recalculate(master, tmp_path / "lo"), data_only=True)
    seen = []
    for m in (6, 7, 8):
        sheet = native[L.month_sheet(m)]
        header = {c.value: c.column for c in sheet[1]}
        [row] = [r for r in range(2, sheet.max_row + 1) if str(sheet.cell(r, header["项目编号"]).value) == "1"]
        seen.append((sheet.cell(row, header["状态"]).value, _node(master, m).light))
    assert seen == [("滞后", "滞后"), ("滞后", "滞后"), ("严重滞后", "严重滞后")]


def test_the_fill_in_file_carries_the_plan_the_setting_points_at(master):
    _set(master, 2)
    rows = {r["项目编号"]: r for group in split.unit_rows(read_master(master), 8) for r in group.records}
    assert rows["1"][split.EARLIER] == 2  # June's plan (2 nodes due), two months before August
    _set(master, 1)
    rows = {r["项目编号"]: r for group in split.unit_rows(read_master(master), 8) for r in group.records}
    assert rows["1"][split.EARLIER] == 2 and split.EARLIER not in rows["2"]  # July's plan: still 2
    rows = {r["项目编号"]: r for group in split.unit_rows(read_master(master), 1) for r in group.records}
    assert split.EARLIER not in rows["1"]  # nothing before January


@pytest.mark.libreoffice
@pytest.mark.parametrize("setting, light", [(2, "滞后"), (1, "严重滞后")])
def test_the_fill_in_file_lights_a_late_node_by_the_setting(master, tmp_path, setting, light):
    """July, 主体完工 due in June not done: the unit's own file shows what the master will."""
    _set(master, setting)
    path = clerk.split(master, 7, tmp_path / "out")["县教育局"]
    clerk.fill(path, {("1", milestones.INDICATOR): {"累计完成": 1}})
    native = load_workbook(recalculate(path, tmp_path / "lo"), data_only=True).worksheets[0]
    cols, rows = clerk._locate(native)
    assert native.cell(rows[("1", milestones.INDICATOR)], cols["状态"]).value == light


def test_new_year_carries_the_setting(master, tmp_path):
    _set(master, 3)
    done = new_year_job.new_year(master, tmp_path / "2026" / "民生实事2026.xlsm", keep=["all"])
    assert settings_mod.load(read_master(done.out)).node_severe == 3
    assert f"{KEY} = 3" in done.settings
