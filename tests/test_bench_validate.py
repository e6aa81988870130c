"""How 校验 grows with rows: the 2024 master (31 indicators) against a 10,000-indicator catalogue.

Both masters come from ``build.build``; both months are filled the same way in
memory (on plan, with the same share of clerks' mistakes), and the benchmark
times ``validate_book`` on the values read from the file. The figure to read is
the ratio of time per row, 10,000 rows against 31, measured in the same run
(printed with ``make bench``; kept in the benchmark's extra_info).

The 10,000-indicator master takes a minute to build (XlsxWriter writes 120,000
rows of formulas), so it is kept in pytest's cache, keyed by the builder's sources.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest

import minsheng
from minsheng.model import catalogue
from minsheng.model import layout as L
from minsheng.builder.master import build
from minsheng.engines.file import read_master
from minsheng.check.validate import validate_book
from minsheng.model.book import Book, is_blank

pytestmark = pytest.mark.benchmark  # `make bench` selects with -m benchmark

BIG = 10_000
MONTH = 3
TIMES: dict[str, tuple[float, float]] = {}  # per-row (min, median) seconds, by case


def synthetic_catalogue(n: int = BIG) -> catalogue.Catalogue:
    """n indicators: items of five indicators each (one without a number), ten categories."""
    return catalogue.from_rows(synthetic_rows(n), 2024, "合成目录")


def synthetic_rows(n: int = BIG) -> list[dict[str, object]]:
    """The rows of ``synthetic_catalogue(n)``, as ``catalogue.from_rows`` takes them (JSON-ready)."""
    rows = []
    for i in range(n // 5):
        for j in range(5):
            qualitative = j == 4
            rows.append({"项目编号": f"{i % 10 + 1}-{i + 1}", "项目类别": f"类别{i % 10 + 1}", "项目内容": f"合成项目 {i + 1}",
                         "分管县领导": "某某", "责任单位": "县人力资源社会保障局", "协办单位": "",
                         "指标": "形象进度" if qualitative else f"指标{j + 1}", "目标值": None if qualitative else 120 * (j + 1),
                         "计量单位": "%" if qualitative else "人"})
    return rows


@pytest.fixture(scope="session")
def big_master(request, tmp_path_factory) -> Path:
    sources = b"".join((Path(minsheng.__file__).parent / name).read_bytes()
                       for name in ("builder/master.py", "builder/months.py", "builder/records.py", "builder/cells.py",
                                    "model/layout.py", "model/formulas.py", "model/catalogue.py"))
    key = hashlib.sha256(sources + Path(__file__).read_bytes()).hexdigest()[:16]
    cached = request.config.cache.mkdir("minsheng-bench") / f"master-{BIG}-{key}.xlsm"
    if not cached.exists():
        built = build(synthetic_catalogue(), tmp_path_factory.mktemp("big") / "合成.xlsm")
        shutil.copy2(built, cached)
    return cached


def fill(book: Book, month: int) -> Book:
    """Months ``month - 1`` and ``month`` on plan; every 7th row typed as text with its measure,
    every 11th behind plan with last month's problem copied, every 13th with a phone lacking its area code."""
    plan = book[L.PLAN_SHEET].by_key()
    for m in (month - 1, month):
        sheet = book.month(m)
        cols = sheet.columns()
        for n, (row, record) in enumerate(sheet.by_key().values()):
            key = (record["项目编号"], record["指标"])
            planned = plan[key][1][f"{m}月"]
            header = "形象进度" if is_blank(record["目标值"]) else "累计完成"
            values = {header: planned, "进展情况": "按计划推进", "存在问题": "无", "下步措施": f"{m}月继续推进",
                      "填报人": "张敏", "联系电话": "0537-8221234", "填报日期": dt.datetime(2024, m + 1, 2)}
            if n % 11 == 0:
                values.update({header: planned * 0.3, "存在问题": "资金未到位", "下步措施": "加快拨付"})
            if m == month and n % 7 == 0 and header == "累计完成":
                values[header] = f"{values[header]:g}人"
            if m == month and n % 13 == 0:
                values["联系电话"] = "8221234"
            line = sheet.rows[row - 1]
            for h, value in values.items():
                line[cols[h]] = value
    return book


def _run(benchmark, book: Book, case: str, rows: int, capsys) -> None:
    report = benchmark(validate_book, book, MONTH, "bench")
    assert report.stats["rows"] == rows
    codes = report.stats["by_code"]
    assert codes["number-as-text"] and codes["behind-plan-text-unchanged"] and codes["phone-format"]
    if benchmark.stats is None:  # benchmarks disabled (plain `make test`): ran once, nothing to compare
        return
    stats = benchmark.stats.stats
    TIMES[case] = (stats.min / rows, stats.median / rows)
    benchmark.extra_info["per_row_us_min_median"] = [round(t * 1e6, 2) for t in TIMES[case]]
    if len(TIMES) == 2:
        ratios = [round(big / small, 2) for big, small in zip(TIMES["10k"], TIMES["2024"])]
        benchmark.extra_info["per_row_ratio_10k_vs_31_min_median"] = ratios
        with capsys.disabled():
            print(f"\n校验 time per row (min / median): 2024 master "
                  f"{TIMES['2024'][0] * 1e6:.1f} / {TIMES['2024'][1] * 1e6:.1f} µs, {BIG:,} indicators "
                  f"{TIMES['10k'][0] * 1e6:.1f} / {TIMES['10k'][1] * 1e6:.1f} µs; ratio {ratios[0]} / {ratios[1]}")


def test_bench_validate_2024_month(benchmark, built_master, capsys):
    _run(benchmark, fill(read_master(built_master), MONTH), "2024", 31, capsys)


@pytest.mark.slow
def test_bench_validate_10000_indicators(benchmark, big_master, capsys):
    _run(benchmark, fill(read_master(big_master), MONTH), "10k", BIG, capsys)
