"""build of a 10,000-indicator master: on XlsxWriter's own worksheet and on the master's faster ones.

The baseline is XlsxWriter's own ``Worksheet`` as the master's sheet class; ``builder.formulasheet.FormulaSheet``
skips the 29 substitutions a formula does not need; ``builder.fastsheet.FastSheet`` (the master's) also
stores and writes a row's cells at once and keeps a table's range whole. All run in the same session,
on the same catalogue, and must write the same bytes; the figures to read are the ratios of their
times to the baseline's (printed with ``make bench``, kept in extra_info). With benchmarks
disabled (plain ``make test``) each runs once on 300 indicators, for the byte check only;
``MINSHENG_BENCH_BUILD_SIZE`` measures another size (a busy machine).
"""

from __future__ import annotations

import os

import pytest
from xlsxwriter.worksheet import Worksheet

from minsheng.builder import fastsheet, formulasheet, master

from test_bench_validate import BIG, synthetic_catalogue

pytestmark = pytest.mark.benchmark

ROUNDS = 3
SIZE = int(os.environ.get("MINSHENG_BENCH_BUILD_SIZE", BIG))  # a busy machine may measure fewer
TIMES: dict[str, tuple[float, float, float]] = {}
OUT: dict[str, bytes] = {}


WAYS = {"xlsxwriter": Worksheet, "by-pass": formulasheet.FormulaSheet, "fastsheet": fastsheet.FastSheet}


@pytest.mark.slow
@pytest.mark.parametrize("way", list(WAYS))
def test_bench_build(benchmark, way, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(master, "SHEET_CLASS", WAYS[way])
    n = 300 if benchmark.disabled else SIZE
    book = synthetic_catalogue(n)
    out = tmp_path / "合成.xlsm"

    def once():
        out.unlink(missing_ok=True)
        master.build(book, out)

    benchmark.pedantic(once, rounds=1 if benchmark.disabled else ROUNDS, iterations=1)
    OUT[way] = out.read_bytes()
    if "xlsxwriter" in OUT and way != "xlsxwriter":
        assert OUT[way] == OUT["xlsxwriter"], f"{way} must write the bytes XlsxWriter writes"
    if benchmark.disabled:
        return
    stats = benchmark.stats.stats
    TIMES[way] = (stats.min, stats.median, stats.max)
    if "xlsxwriter" in TIMES and way != "xlsxwriter":
        ratios = [round(new / old, 2) for new, old in zip(TIMES[way], TIMES["xlsxwriter"])]
        benchmark.extra_info[f"{way.replace('-', '_')}_vs_xlsxwriter_min_median_max"] = ratios
        with capsys.disabled():
            print(f"\nbuild of {n:,} indicators (min / median / max s): XlsxWriter's Worksheet "
                  + " / ".join(f"{t:.1f}" for t in TIMES["xlsxwriter"]) + f", {way} "
                  + " / ".join(f"{t:.1f}" for t in TIMES[way]) + f"; ratio {' / '.join(map(str, ratios))}")
