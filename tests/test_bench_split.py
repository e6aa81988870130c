"""split grows with the number of units, not faster: time per unit at 3,000 units against 300.

Both masters come from the builder with the same synthetic list (two indicators a unit); the
benchmark times ``split_month`` on the values read from the file. The figure to read is the ratio
of time per unit, 3,000 against 300, measured in the same run (goal: within 1.2x; printed with
``make bench``, kept in extra_info). With benchmarks disabled both sizes shrink to a few units
and the run only checks that every unit got its file.
"""

from __future__ import annotations

import pytest

from minsheng.builder.master import build
from minsheng.engines.file import read_master
from minsheng.roundtrip.split import split_month

from test_bench_consolidate import MONTH, synthetic

pytestmark = pytest.mark.benchmark

ROUNDS = 3
TIMES: dict[int, tuple[float, float, float]] = {}


@pytest.mark.slow
@pytest.mark.parametrize("units", [300, 3000])
def test_bench_split_per_unit(benchmark, units, tmp_path, capsys):
    n = units // 100 if benchmark.disabled else units
    master = read_master(build(synthetic(n), tmp_path / "民生实事2024.xlsm"))
    paths = benchmark.pedantic(split_month, (master, MONTH, tmp_path / "下发"),
                               rounds=1 if benchmark.disabled else ROUNDS, iterations=1)
    assert len(paths) == n == len({p.name for p in paths})
    if benchmark.disabled:
        return
    stats = benchmark.stats.stats
    TIMES[units] = (stats.min / n, stats.median / n, stats.max / n)
    benchmark.extra_info["per_unit_ms_min_median_max"] = [round(t * 1e3, 2) for t in TIMES[units]]
    if len(TIMES) == 2:
        ratios = [round(big / small, 2) for big, small in zip(TIMES[3000], TIMES[300])]
        benchmark.extra_info["per_unit_ratio_3000_vs_300_min_median_max"] = ratios
        with capsys.disabled():
            print("\nsplit time per unit (min / median / max ms): 300 units "
                  + " / ".join(f"{t * 1e3:.1f}" for t in TIMES[300]) + ", 3,000 units "
                  + " / ".join(f"{t * 1e3:.1f}" for t in TIMES[3000]) + f"; ratio {' / '.join(map(str, ratios))}")
