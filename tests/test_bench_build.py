"""build of a 10,000-indicator master: with XlsxWriter's formula rewriting (the previous way) and without.

The previous way is XlsxWriter's own ``Worksheet`` as the master's sheet class; the new one is
``builder.formulasheet.FormulaSheet``, which skips the 29 substitutions a formula does not need. Both run
in the same session, on the same catalogue, and must write the same bytes; the figure to read is
the ratio of their times (printed with ``make bench``, kept in extra_info). With benchmarks
disabled (plain ``make test``) both run once on 300 indicators, for the byte check only;
``MINSHENG_BENCH_BUILD_SIZE`` measures another size (a busy machine).
"""

from __future__ import annotations

import os

import pytest
from xlsxwriter.worksheet import Worksheet

from minsheng.builder import formulasheet, master

from test_bench_validate import BIG, synthetic_catalogue

pytestmark = pytest.mark.benchmark

ROUNDS = 3
SIZE = int(os.environ.get("MINSHENG_BENCH_BUILD_SIZE", BIG))  # a busy machine may measure fewer
TIMES: dict[str, tuple[float, float, float]] = {}
OUT: dict[str, bytes] = {}


@pytest.mark.slow
@pytest.mark.parametrize("way", ["xlsxwriter", "by-pass"])
def test_bench_build(benchmark, way, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(master, "SHEET_CLASS", Worksheet if way == "xlsxwriter" else formulasheet.FormulaSheet)
    n = 300 if benchmark.disabled else SIZE
    book = synthetic_catalogue(n)
    out = tmp_path / "合成.xlsm"

    def once():
        out.unlink(missing_ok=True)
        master.build(book, out)

    benchmark.pedantic(once, rounds=1 if benchmark.disabled else ROUNDS, iterations=1)
    OUT[way] = out.read_bytes()
    if len(OUT) == 2:
        assert OUT["by-pass"] == OUT["xlsxwriter"], "the by-pass must write the bytes XlsxWriter writes"
    if benchmark.disabled:
        return
    stats = benchmark.stats.stats
    TIMES[way] = (stats.min, stats.median, stats.max)
    if len(TIMES) == 2:
        ratios = [round(new / old, 2) for new, old in zip(TIMES["by-pass"], TIMES["xlsxwriter"])]
        benchmark.extra_info["by_pass_vs_xlsxwriter_min_median_max"] = ratios
        with capsys.disabled():
            print(f"\nbuild of {n:,} indicators (min / median / max s): XlsxWriter's rewriting "
                  + " / ".join(f"{t:.1f}" for t in TIMES["xlsxwriter"]) + ", by-pass "
                  + " / ".join(f"{t:.1f}" for t in TIMES["by-pass"]) + f"; ratio {' / '.join(map(str, ratios))}")
