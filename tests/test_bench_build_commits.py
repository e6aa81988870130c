"""build of 10,000 indicators: this tree against the commit before the FormulaSheet by-pass.

The previous commit is found in git history (the parent of the oldest commit that added
``FormulaSheet``), its ``python/`` folder (with the VBA and ribbon sources) is exported with ``git archive`` into tmp_path (no
worktree is registered in the repository, so a crashed run leaves nothing behind), and each round
builds the same synthetic catalogue once with each tree, alternately, in a child process of its
own. The child times ``master.build`` on the benchmark's clock (CPU seconds under ``make bench``)
and on the wall, and reports its peak memory. The figure to read is the ratio now / before
(min / median / max; issue 18 asks ≤ 1/3), printed and kept in extra_info; nothing asserts on time.

Runs only under ``make bench`` (``--benchmark-enable``): a round is two builds of 10,000
indicators, over a minute. Skipped with its reason when the history is not there (a shallow clone,
an export without ``.git``). ``MINSHENG_BENCH_BUILD_SIZE`` measures another size,
``MINSHENG_BENCH_BUILD_ROUNDS`` runs another number of rounds (3 by default).
"""

from __future__ import annotations

import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from bench_clock import clock_name
from test_bench_validate import BIG, synthetic_rows

pytestmark = pytest.mark.benchmark

REPO = Path(__file__).resolve().parents[1]
ROUNDS = int(os.environ.get("MINSHENG_BENCH_BUILD_ROUNDS", 3))  # a busy machine may run one
SIZE = int(os.environ.get("MINSHENG_BENCH_BUILD_SIZE", BIG))
CHILD = """
import importlib, json, sys, time
from pathlib import Path
module, name = sys.argv[3].rsplit(".", 1)
clock = getattr(importlib.import_module(module), name)
from minsheng.model import catalogue
from minsheng.builder import master
book = catalogue.from_rows(json.loads(Path(sys.argv[1]).read_text("utf-8")), 2024, "合成目录")
start, wall = clock(), time.perf_counter()
master.build(book, Path(sys.argv[2]))
took, wall = clock() - start, time.perf_counter() - wall
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"clock": took, "wall": wall, "peak_kib": peak}))
"""


def _git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True, check=True).stdout.strip()


def before_by_pass() -> str:
    """The commit before the FormulaSheet by-pass (full hash); pytest.skip when history is missing."""
    try:
        if _git("rev-parse", "--is-shallow-repository") == "true":
            pytest.skip("a shallow clone: the commit before the FormulaSheet by-pass is not in its history")
        added = _git("log", "-S", "FormulaSheet", "--format=%H", "--reverse", "--", "python/minsheng/builder")
        if not added:
            pytest.skip("no commit in this history adds FormulaSheet")
        return _git("rev-parse", added.splitlines()[0] + "^")
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"git history not available ({exc})")


def export(commit: str, into: Path) -> Path:
    """``python/`` and the VBA and ribbon sources of ``commit`` unpacked under ``into``; returns the
    folder to put on PYTHONPATH."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", commit, "python", "workbook/vba", "workbook/ribbon"],
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "python"


def build_in_child(python_path: Path, rows: Path, out: Path, clock: str) -> dict[str, float]:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    done = subprocess.run([sys.executable, "-c", CHILD, str(rows), str(out), clock], capture_output=True, text=True,
                          check=True, env={**os.environ, "PYTHONPATH": str(python_path)}, cwd=out.parent)
    return json.loads(done.stdout.splitlines()[-1])


def spread(values: list[float]) -> tuple[float, float, float]:
    return min(values), statistics.median(values), max(values)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Benchmark fixture was not used")  # the children time themselves
def test_bench_build_against_commit_before_by_pass(benchmark, request, tmp_path, capsys):
    if benchmark.disabled:
        pytest.skip("runs only under `make bench` (--benchmark-enable): two builds of 10,000 indicators a round")
    commit = before_by_pass()
    trees = {"before": export(commit, tmp_path / "before"), "now": REPO / "python"}
    rows = tmp_path / "rows.json"
    rows.write_text(json.dumps(synthetic_rows(SIZE), ensure_ascii=False), "utf-8")
    runs: dict[str, list[dict[str, float]]] = {way: [] for way in trees}
    for _ in range(ROUNDS):  # alternate, so a change of load falls on both
        for way, tree in trees.items():
            runs[way].append(build_in_child(tree, rows, tmp_path / way / "合成.xlsm", clock_name(request.config)))
    for way in trees:  # both wrote a master with every indicator on its month sheet
        with zipfile.ZipFile(tmp_path / way / "合成.xlsm") as z:
            assert "xl/workbook.xml" in z.namelist() and "xl/vbaProject.bin" in z.namelist()
    from minsheng.engines.file import read_book
    from minsheng.model import layout as L
    counts = {way: len(read_book(tmp_path / way / "合成.xlsm", [L.month_sheet(3)])[L.month_sheet(3)].rows)
              for way in trees}
    assert counts["now"] == counts["before"] > SIZE

    figures = {}
    for key in ("clock", "wall"):
        mine, theirs = (spread([r[key] for r in runs[way]]) for way in ("now", "before"))
        figures[key] = (theirs, mine, [round(a / b, 2) for a, b in zip(mine, theirs)])
        benchmark.extra_info[f"{key}_s_before_min_median_max"] = [round(t, 2) for t in theirs]
        benchmark.extra_info[f"{key}_s_now_min_median_max"] = [round(t, 2) for t in mine]
        benchmark.extra_info[f"{key}_now_vs_before_min_median_max"] = figures[key][2]
    peaks = {way: max(r["peak_kib"] for r in runs[way]) // 1024 for way in trees}
    benchmark.extra_info["peak_mib_before_now"] = [peaks["before"], peaks["now"]]
    benchmark.extra_info["before"] = commit[:10]
    with capsys.disabled():
        for key, (theirs, mine, ratio) in figures.items():
            print(f"\nbuild of {SIZE:,} indicators ({key}, min / median / max s): {commit[:7]} (before the by-pass) "
                  + " / ".join(f"{t:.1f}" for t in theirs) + ", now " + " / ".join(f"{t:.1f}" for t in mine)
                  + f"; ratio {' / '.join(map(str, ratio))} (goal ≤ 0.33)")
        print(f"peak memory: before {peaks['before']} MiB, now {peaks['now']} MiB")
