"""How long the status step takes against reading the master it needs anyway (ratio, same run).

`make bench` prints the ratio in extra_info; plain test runs execute the code once."""

from __future__ import annotations

import timeit

from minsheng.status import dashboard
from minsheng.engines import file as fileio
from minsheng.status import progress

from test_status import fill
from bench_clock import clock


def test_bench_status_against_reading_the_master(benchmark, master, request):
    fill(master, months=12)
    baseline = min(timeit.repeat(lambda: fileio.read_master(master), number=1, repeat=5, timer=clock(request.config)))
    book = fileio.read_master(master)

    def status():
        found = progress.compute(book, 12)
        return dashboard.changes(found, book["汇总"])

    changes = benchmark(status)
    assert changes  # a filled master's dashboard is written
    if benchmark.stats is not None:
        ratio = benchmark.stats.stats.median / baseline
        benchmark.extra_info["ratio_to_read_master"] = round(ratio, 3)
        print(f"\nstatus (12 months) / read_master = {ratio:.3f}")
