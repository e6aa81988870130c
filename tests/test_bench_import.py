"""How 导入通知 costs against python-docx reading the same file, and how it grows with rows.

The notices are the seed notice's table repeated to n rows in Word's shape (序号 and 类别
merged down each category, the header repeated every 15 rows as on each page), made with
python-docx. Two figures, both measured in the same run and kept in extra_info:

- the import of a 200-row notice (``jobs.import_notice.draft_rows``: read, find the table,
  judge every target, check every unit against the directory) against python-docx alone
  opening the file and reading the text of every cell, tc by tc. Goal: at most 3×.
- time per row importing 800 rows against 50. Goal: within 1.3× (linear). python-docx's own
  ``row.cells`` is shown beside it: it looks up the row above for every merged cell, so it
  grows with the square of the rows and the import does not use it.

Run with ``--benchmark-enable`` (``make bench``); with benchmarks disabled each case runs once.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.text.paragraph import Paragraph

from minsheng.jobs import import_notice as job

pytestmark = pytest.mark.benchmark

NOTICE = Path(__file__).resolve().parents[1] / "python" / "minsheng" / "data" / "notice2024.txt"
SIZES = (50, 200, 800)
TIMES: dict[str, dict[int, float]] = {}  # case → rows → min seconds


def seed_rows() -> tuple[list[str], list[list[str]]]:
    table = [line.split("\t") for line in NOTICE.read_text("utf-8").splitlines() if len(line.split("\t")) == 6]
    return table[0], table[1:]


def make_notice(path: Path, n: int) -> Path:
    """n item rows: the seed's categories over and over, numbered on (1, 2, … per category)."""
    header, seed = seed_rows()
    document = docx.Document()
    document.add_paragraph(f"合成通知：{n} 行")
    table = document.add_table(rows=0, cols=6)
    category, top = 0, {}
    for k in range(n):
        cells = list(seed[k % len(seed)])
        if k % 15 == 0:
            for cell, text in zip(table.add_row().cells, header):
                cell.text = text
            cells[0] = cells[0] or "*"  # a new page starts a new merge
        row = table.add_row()
        if cells[0]:
            category += 1
            cells[0] = str(category)
            cells[1] = cells[1] or seed[[i for i in range(k % len(seed), -1, -1) if seed[i][1]][0]][1]
        for i, text in enumerate(cells):
            if i >= 2 or cells[0]:
                row.cells[i].text = text.strip()
        if cells[0]:
            top = {0: row.cells[0], 1: row.cells[1]}
        else:
            for i in (0, 1):
                top[i] = top[i].merge(row.cells[i])
    document.save(path)
    return path


@pytest.fixture(scope="module")
def notices(tmp_path_factory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("notices")
    return {n: make_notice(folder / f"通知{n}.docx", n) for n in SIZES}


def python_docx_alone(path: Path) -> int:
    """The baseline: python-docx opens the file and reads every cell's text (tc by tc)."""
    count = 0
    for table in docx.Document(str(path)).tables:
        for row in table.rows:
            for tc in row._tr.tc_lst:
                count += len("\n".join(Paragraph(p, table).text for p in tc.p_lst))
    return count


def python_docx_row_cells(path: Path) -> int:
    """python-docx's documented way (``row.cells``): quadratic on merged columns, shown for scale."""
    return sum(len(cell.text) for table in docx.Document(str(path)).tables for row in table.rows for cell in row.cells)


def _record(benchmark, case: str, n: int, capsys) -> None:
    if benchmark.stats is None:  # benchmarks disabled: ran once, nothing to compare
        return
    TIMES.setdefault(case, {})[n] = benchmark.stats.stats.min
    benchmark.extra_info["per_row_us_min"] = round(benchmark.stats.stats.min / n * 1e6, 1)
    got = TIMES.get("import", {})
    if case == "python-docx" and 200 in got:
        ratio = round(got[200] / TIMES["python-docx"][200], 2)
        benchmark.extra_info["import_vs_python_docx_200_rows"] = ratio
        with capsys.disabled():
            print(f"\n导入通知 200 行：{got[200] * 1e3:.1f} ms，python-docx 读同一文件 "
                  f"{TIMES['python-docx'][200] * 1e3:.1f} ms；{ratio}×（目标 ≤ 3×）")
    if case == "import" and {50, 800} <= set(got):
        growth = round((got[800] / 800) / (got[50] / 50), 2)
        benchmark.extra_info["per_row_800_vs_50"] = growth
        with capsys.disabled():
            print(f"\n导入通知每行：50 行 {got[50] / 50 * 1e6:.0f} µs，800 行 {got[800] / 800 * 1e6:.0f} µs；"
                  f"{growth}×（目标 ≤ 1.3×）")


@pytest.mark.parametrize("n", SIZES)
def test_bench_import_notice(benchmark, notices, n, capsys):
    rows = benchmark(job.draft_rows, notices[n])
    assert len({r["项目编号"] for r in rows}) == n
    _record(benchmark, "import", n, capsys)


def test_bench_python_docx_alone_200_rows(benchmark, notices, capsys):
    assert benchmark(python_docx_alone, notices[200]) > 0
    _record(benchmark, "python-docx", 200, capsys)


@pytest.mark.parametrize("n", (50, 200))
def test_bench_python_docx_row_cells(benchmark, notices, n, capsys):
    assert benchmark(python_docx_row_cells, notices[n]) > 0
    _record(benchmark, "row.cells", n, capsys)
