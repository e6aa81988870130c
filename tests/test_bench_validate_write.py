"""validate with its results written (the 校验结果 table and the marked cells) against the calamine
read of the sheets it reads, on a master of 10,000 indicators with both months filled the way
``test_bench_validate.fill`` fills them (so 3,700 findings are written and marked).

Both run in the same session on copies of the same file; the figure to read is the ratio of their
times (min / median / max, printed with ``make bench`` and kept in extra_info; the goal of issue 18
is ≤ 4×). Peak memory of the whole job is measured in a subprocess (``VmHWM``, else ``ru_maxrss``) and must stay
under 500 MiB. With benchmarks disabled (plain ``make test``) both run once on 300 indicators;
``MINSHENG_BENCH_VALIDATE_SIZE`` measures another size (a busy machine).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

import minsheng
from minsheng.builder.master import build
from minsheng.engines.file import apply_changes, read_book, read_master
from minsheng.jobs.validate import open_master, validate
from minsheng.model import layout as L
from minsheng.model.book import CellChange

from test_bench_validate import BIG, MONTH, fill, synthetic_catalogue

pytestmark = pytest.mark.benchmark

ROUNDS = 3
SIZE = int(os.environ.get("MINSHENG_BENCH_VALIDATE_SIZE", BIG))
SHEETS = [L.month_sheet(MONTH - 1), L.month_sheet(MONTH), L.PLAN_SHEET, L.CONFIG_SHEET, L.RESULTS_SHEET]
TIMES: dict[str, tuple[float, float, float]] = {}  # the benchmark's clock (CPU under `make bench`)
WALLS: dict[str, tuple[float, float, float]] = {}  # wall seconds of the same rounds
PEAK = """
import resource, sys
from pathlib import Path
from minsheng.jobs.validate import open_master, validate
engine, month = open_master(Path(sys.argv[1]), int(sys.argv[2]))
done = validate(engine, month)
try:  # this process's own peak: ru_maxrss would start from the parent's at fork (Linux keeps it across exec)
    peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // (1024 if sys.platform == "darwin" else 1)
print(len(done.report.findings), int(done.written), peak)
"""


def filled_master(request, tmp_path_factory, n: int) -> Path:
    """A master of ``n`` indicators with months 2 and 3 filled in the file, kept in pytest's cache."""
    sources = b"".join((Path(minsheng.__file__).parent / name).read_bytes()
                       for name in ("builder/master.py", "builder/months.py", "builder/records.py", "builder/cells.py",
                                    "model/layout.py", "model/formulas.py", "model/catalogue.py"))
    key = hashlib.sha256(sources + Path(__file__).read_bytes()).hexdigest()[:16]
    cached = request.config.cache.mkdir("minsheng-bench") / f"filled-{n}-{key}.xlsm"
    if cached.exists():
        return cached
    path = build(synthetic_catalogue(n), tmp_path_factory.mktemp("filled") / "合成.xlsm")
    empty = read_master(path)
    before = {name: [list(row) for row in empty[name].rows] for name in SHEETS[:2]}
    filled = fill(empty, MONTH)
    changes = [CellChange(name, f"{L.column_letter(c)}{r}", old, new) for name in SHEETS[:2]
               for r, (was, now) in enumerate(zip(before[name], filled[name].rows), start=1)
               for c, (old, new) in enumerate(zip(was, now)) if old != new]
    apply_changes(path, changes)
    shutil.copy2(path, cached)
    return cached


@pytest.mark.slow
@pytest.mark.parametrize("case", ["calamine-read", "validate-written"])
def test_bench_validate_written(benchmark, case, request, tmp_path_factory, tmp_path, capsys):
    n = 300 if benchmark.disabled else SIZE
    source = filled_master(request, tmp_path_factory, n)
    copy = tmp_path / "合成.xlsm"
    done, walls = [], []

    def fresh():
        shutil.copy2(source, copy)
        shutil.rmtree(tmp_path / "备份", ignore_errors=True)

    def run():
        start = time.perf_counter()
        if case == "calamine-read":
            done.append(read_book(copy, SHEETS))
        else:
            engine, month = open_master(copy, MONTH)
            done.append(validate(engine, month))
        walls.append(time.perf_counter() - start)

    benchmark.pedantic(run, setup=fresh, rounds=1 if benchmark.disabled else ROUNDS, iterations=1)
    if case == "validate-written":
        assert done[-1].written and done[-1].report.stats["by_code"]["number-as-text"]
        assert len(read_book(copy, [L.RESULTS_SHEET])[L.RESULTS_SHEET].rows) == len(done[-1].report.findings) + 1
        fresh()
        out = subprocess.run([sys.executable, "-c", PEAK, str(copy), str(MONTH)], capture_output=True, text=True,
                             check=True, env={**os.environ, "PYTHONPATH": str(Path(minsheng.__file__).parents[1])})
        findings, written, peak_kib = map(int, out.stdout.split())
        assert written and findings == len(done[-1].report.findings)
        benchmark.extra_info["peak_mib"] = round(peak_kib / 1024)
        assert peak_kib / 1024 < 500, f"validate of {n:,} indicators peaked at {peak_kib / 1024:.0f} MiB"
    if benchmark.disabled:
        return
    stats = benchmark.stats.stats
    TIMES[case] = (stats.min, stats.median, stats.max)
    WALLS[case] = (min(walls), statistics.median(walls), max(walls))
    benchmark.extra_info["wall_s_min_median_max"] = [round(t, 2) for t in WALLS[case]]
    if len(TIMES) == 2:
        ratios = [round(job / read, 2) for job, read in zip(TIMES["validate-written"], TIMES["calamine-read"])]
        wall = [round(job / read, 2) for job, read in zip(WALLS["validate-written"], WALLS["calamine-read"])]
        benchmark.extra_info["written_vs_calamine_read_min_median_max"] = ratios
        benchmark.extra_info["wall_written_vs_calamine_read_min_median_max"] = wall
        with capsys.disabled():
            for label, times, ratio in (("clock", TIMES, ratios), ("wall", WALLS, wall)):
                print(f"\nvalidate of {n:,} indicators with results written ({label}, min / median / max s): "
                      "calamine read " + " / ".join(f"{t:.2f}" for t in times["calamine-read"])
                      + ", validate + write " + " / ".join(f"{t:.2f}" for t in times["validate-written"])
                      + f"; ratio {' / '.join(map(str, ratio))}")
            print(f"peak {benchmark.extra_info.get('peak_mib')} MiB")
