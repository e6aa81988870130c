"""Speed of 汇总回收表: 300 returns, against merely reading the same files, in the same run.

Goals (issue 4): the per-return work (everything but loading and saving the master) within
2x the python-calamine read of the files; the whole run faster than reading them with
pandas+openpyxl. Reported as ratios (``make bench``; ``-s`` prints them), never asserted.

``safe read`` is the floor of the per-return work: each file read as an untrusted return
(size caps, sha256 for 日志, the seal, formula and error cells, the save time) and nothing
checked yet. ``floor`` is what any reader of the same two sheets pays (issue 18): the zip opened,
the two sheet parts and the shared strings inflated and passed through expat with no handlers.
"""

from __future__ import annotations

import shutil
from xml.parsers import expat

import pandas as pd
import pytest
import python_calamine

from minsheng.model import catalogue
from minsheng.builder.master import build
from minsheng.roundtrip.consolidate import plan_consolidation
from minsheng.engines.file import apply_changes, read_master
from minsheng.roundtrip.returns import read_return
from minsheng.roundtrip.split import split_month
from minsheng.model.book import CellChange
from minsheng.model import layout as L
from minsheng.xlsx import scan as xmlscan
from minsheng.xlsx.zipparts import Parts

UNITS = 300
MONTH = 3
TIMES: dict[str, float] = {}
SPREAD: dict[str, tuple[float, float, float]] = {}  # min / median / max of each


def synthetic(units: int = UNITS) -> catalogue.Catalogue:
    rows = []
    for n in range(1, units + 1):
        unit = f"测试单位{n:03d}"
        for k, (name, target, measure) in enumerate((("新建设施", 40, "处"), ("服务人次", 12000, "人次"))):
            rows.append({"项目编号": f"{n % 9 + 1}-{n}", "项目类别": f"类别{n % 9 + 1}", "项目内容": f"{unit}的民生项目",
                         "分管县领导": "李四", "责任单位": unit, "协办单位": "", "指标": name, "目标值": target,
                         "计量单位": measure})
    return catalogue.from_rows(rows, 2024, "synthetic")


@pytest.fixture(scope="module")
def bench_case(tmp_path_factory):
    """A master of 300 units and, for each, a return as the unit filled it in.

    The returns are made by ``split`` from a copy of the master whose month already holds the
    units' figures; consolidation then runs against the untouched master."""
    folder = tmp_path_factory.mktemp("bench")
    master = build(synthetic(), folder / "民生实事2024.xlsm")
    filled = folder / "filled.xlsm"
    shutil.copy2(master, filled)
    month = read_master(filled).month(MONTH)
    changes = []
    for key, (row, record) in month.by_key().items():
        changes += [CellChange(month.name, month.address(row, "累计完成"), None, record["目标值"] * 0.2),
                    CellChange(month.name, month.address(row, "进展情况"), None, f"{key[0]} 按计划推进"),
                    CellChange(month.name, month.address(row, "填报人"), None, "王五")]
    apply_changes(filled, changes)
    files = split_month(read_master(filled), MONTH, folder / "回收")
    assert len(files) == UNITS
    return master, files


def _record(name: str, benchmark) -> None:
    if benchmark.stats is not None:  # None when benchmarks are disabled (plain `make test`)
        TIMES[name] = benchmark.stats.stats.median
        stats = benchmark.stats.stats
        SPREAD[name] = (stats.min, stats.median, stats.max)


def read_calamine(files):
    for path in files:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        book.get_sheet_by_name(f"{MONTH}月").to_python()
        book.close()


def read_pandas(files):
    for path in files:
        pd.read_excel(path, sheet_name=f"{MONTH}月", engine="openpyxl")


def test_bench_read_with_calamine(benchmark, bench_case):
    benchmark.group = "consolidate-300"
    benchmark.pedantic(read_calamine, args=(bench_case[1],), rounds=3, iterations=1)
    _record("calamine", benchmark)


def test_bench_read_with_pandas_openpyxl(benchmark, bench_case):
    benchmark.group = "consolidate-300"
    benchmark.pedantic(read_pandas, args=(bench_case[1],), rounds=2, iterations=1)
    _record("pandas", benchmark)


def read_safely(files):
    return [read_return(path, MONTH) for path in files]


def read_floor(files, parse: bool):
    """What any reader of a return's month sheet and 单位通讯录 pays before reading one value: the
    file's bytes, its zip directory, the two sheet parts and the shared strings inflated and, with
    ``parse``, a bare expat pass (no handlers) over them. A one-pass reader in Python pays this and more."""
    for path in files:
        parts = Parts(path.read_bytes())
        xml = [xmlscan.sheet_xml(parts, f"{MONTH}月"), xmlscan.sheet_xml(parts, L.CONTACTS_SHEET),
               parts.read("xl/sharedStrings.xml")]
        for part in xml if parse else ():
            expat.ParserCreate().Parse(part, True)


@pytest.mark.parametrize("parse", [False, True], ids=["zip", "zip_expat"])
def test_bench_floor(benchmark, bench_case, parse):
    benchmark.group = "consolidate-300"
    benchmark.pedantic(read_floor, args=(bench_case[1], parse), rounds=3, iterations=1)
    _record("floor_expat" if parse else "floor_zip", benchmark)


def test_bench_safe_read(benchmark, bench_case):
    benchmark.group = "consolidate-300"
    returns = benchmark.pedantic(read_safely, args=(bench_case[1],), rounds=3, iterations=1)
    assert all(r.seal is not None and r.seal.intact for r in returns)
    _record("safe_read", benchmark)


def test_bench_per_return_work(benchmark, bench_case):
    master, files = bench_case

    def setup():  # a run reads its master once: no round starts from what the last one kept
        return (read_master(master), files, MONTH), {}

    benchmark.group = "consolidate-300"
    result = benchmark.pedantic(plan_consolidation, setup=setup, rounds=3, iterations=1)
    assert len(result.accepted) == UNITS and not result.rejected and not result.errors
    assert len([c for c in result.changes if c.sheet == f"{MONTH}月"]) == 3 * 2 * UNITS
    _record("per_return", benchmark)


def test_bench_master_load_and_save(benchmark, bench_case, tmp_path):
    """The fixed cost: load the master once and save it once with the month's changes."""
    master, files = bench_case
    result = plan_consolidation(read_master(master), files, MONTH)

    def setup():
        copy = tmp_path / "master.xlsm"
        shutil.copy2(master, copy)
        return (copy,), {}

    def load_and_save(copy):
        read_master(copy)
        apply_changes(copy, result.changes, result.log)

    benchmark.group = "consolidate-300"
    benchmark.pedantic(load_and_save, setup=setup, rounds=3, iterations=1)
    _record("fixed", benchmark)


def test_bench_whole_run(benchmark, bench_case, tmp_path):
    master, files = bench_case

    def setup():
        copy = tmp_path / "master.xlsm"
        shutil.copy2(master, copy)
        return (copy,), {}

    def whole(copy):
        result = plan_consolidation(read_master(copy), files, MONTH)
        apply_changes(copy, result.changes, result.log)
        return result

    benchmark.group = "consolidate-300"
    result = benchmark.pedantic(whole, setup=setup, rounds=3, iterations=1)
    assert len(result.accepted) == UNITS
    _record("whole", benchmark)
    if {"calamine", "pandas", "safe_read", "per_return", "fixed", "whole"} <= set(TIMES):
        ratios = {
            "per_return / calamine_read (goal ≤ 2)": TIMES["per_return"] / TIMES["calamine"],
            "safe_read / calamine_read (floor of per_return)": TIMES["safe_read"] / TIMES["calamine"],
            "whole_run / pandas_openpyxl_read (goal < 1)": TIMES["whole"] / TIMES["pandas"],
            "pandas_openpyxl_read / calamine_read": TIMES["pandas"] / TIMES["calamine"],
            "master load+save (s)": TIMES["fixed"],
        }
        for job, label in (("floor_zip", "zip+inflate floor"), ("floor_expat", "zip+inflate+expat floor")):
            if job in TIMES:
                ratios[f"{label} / calamine_read"] = TIMES[job] / TIMES["calamine"]
        benchmark.extra_info.update({k: round(v, 3) for k, v in ratios.items()})
        spread = {f"{job} / calamine_read (min / median / max)": [round(a / b, 2) for a, b in zip(SPREAD[job], SPREAD["calamine"])]
                  for job in ("per_return", "safe_read", "floor_zip", "floor_expat") if job in SPREAD}
        benchmark.extra_info.update(spread)
        print("\n" + "\n".join(f"  {k}: {v:.2f}" for k, v in ratios.items())
              + "\n" + "\n".join(f"  {k}: {' / '.join(map(str, v))}" for k, v in spread.items()))
