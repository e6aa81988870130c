"""minsheng status on a master filled in the way clerks fill it: the terminal, the JSON,
the 汇总 sheet and LibreOffice's recalculation of the native formulas agree."""

from __future__ import annotations

import json
import subprocess
import zipfile

import pytest
from openpyxl import load_workbook

from minsheng.model import dashboard as model_dashboard
from minsheng.status import dashboard
from minsheng.engines import file as fileio
from minsheng.status import progress
from minsheng.model import layout as L
from minsheng.cli import main
from minsheng.engines.libreoffice import convert, recalculate
from xlsm_book import load_xlsm

MONTH = 6  # linear time progress 50 %: every light is possible


def fill(master, months=MONTH, skip=lambda r, m: (r + m) % 9 == 0):
    """Type into months 1..``months`` with openpyxl, as clerks do: numbers into 累计完成, shares
    into 形象进度, a few rows left blank, one entry as text with its unit."""
    book = load_xlsm(master)
    for m in range(1, months + 1):
        sheet = book[L.month_sheet(m)]
        for r in range(2, sheet.max_row + 1):
            if skip(r, m):
                continue
            target = sheet.cell(r, L.MONTH_HEADERS.index("目标值") + 1).value
            share = min(1.2, m / 12 * (0.3 + ((r * 7) % 13) / 10))
            if target is None:
                sheet.cell(r, L.MONTH_HEADERS.index("形象进度") + 1, round(share, 2))
            else:
                sheet.cell(r, L.MONTH_HEADERS.index("累计完成") + 1, round(target * share))
    book.save(master)
    return master


def run_json(master, *extra, capsys):
    code = main(["status", str(master), "--month", str(MONTH), "--json", *extra])
    return code, json.loads(capsys.readouterr().out)


def test_cli_json_and_workbook_agree(master, capsys):
    fill(master)
    code, data = run_json(master, capsys=capsys)
    assert code == 1  # there are red and missing indicators
    reds = [i for i in data["indicators"] if i["status"] == "严重滞后"]
    assert any(i["escalated"] for i in reds) and data["county"]["missing"] > 0

    # the 汇总 sheet, read back by an independent reader (openpyxl)
    sheet = load_workbook(master, data_only=True)[L.DASHBOARD_SHEET]
    lay = model_dashboard.layout(len(data["categories"]), len(data["units"]), len(data["leaders"]),
                                 len(data["indicators"]))
    table = lay.table("indicators")
    col = {h: i + 1 for i, h in enumerate(table.headers)}
    shown = [(sheet.cell(r, col["项目编号"]).value, sheet.cell(r, col["指标"]).value,
              sheet.cell(r, col["预警状态"]).value, sheet.cell(r, col["本月灯"]).value,
              sheet.cell(r, col["完成率"]).value) for r in range(table.first + 1, table.last + 2)]
    named = {(i.id, i.indicator): i.label(10) for i in progress.compute(fileio.read_master(master), MONTH).indicators}
    assert shown == [(i["id"], named[(i["id"], i["indicator"])], i["status"], i["light"], i["completion"])
                     for i in data["indicators"]]
    qualitative = [r for r in range(table.first + 1, table.last + 2) if sheet.cell(r, col["计量单位"]).value == "%"]
    images = {(i["id"], i["actual"]) for i in data["indicators"] if i["indicator"] == "形象进度"}
    assert qualitative and {(sheet.cell(r, 1).value, sheet.cell(r, col["累计完成"]).value) for r in qualitative} == {
        (k, None if a is None else round(a * 100, 4)) for k, a in images}  # 25 beside “%”, not 0.25
    assert all(sheet.cell(r, col["指标"]).value != "形象进度" for r in qualitative)  # named by their item
    months = [[sheet.cell(r, col[f"{m}月"]).value for m in range(1, 13)] for r in range(table.first + 1, table.last + 2)]
    assert months == [[dashboard.SHORT[h] for h in i["history"]] + [None] * (12 - MONTH) for i in data["indicators"]]
    assert [sheet.cell(table.top + 1, col[f"{m}月"]).value for m in range(1, 6)] == list("完正滞严未")  # the legend
    units = lay.table("units")
    ranked = [(sheet.cell(r, 1).value, sheet.cell(r, 2).value, sheet.cell(r, 8).value)
              for r in range(units.first + 1, units.last + 2)]
    assert ranked == [(u["rank"], u["unit"], u["red"]) for u in data["units"]]
    county = [sheet.cell(lay.county.first + 1, c).value for c in range(4, 10)]
    assert county == [data["county"][k] for k in ("indicators", "done", "green", "yellow", "red", "missing")]

    # the terminal table says the same
    main(["status", str(master), "--month", str(MONTH), "--no-write"])
    text = capsys.readouterr().out
    summary = next(line for line in text.splitlines() if line.startswith("全县"))
    assert f"严重滞后 {data['county']['red']}（其中连续滞后升级 {data['county']['escalated']}）" in summary
    for i in data["indicators"]:
        line = next(x for x in text.splitlines() if x.startswith(i["id"] + " ") and i["unit"][:4] in x
                    and i["indicator"][:4] in x)
        assert line.rstrip().endswith(i["status"] + ("↑" if i["escalated"] else ""))


def test_second_run_changes_nothing_and_no_write_touches_nothing(master, capsys):
    fill(master)
    assert main(["status", str(master), "--month", str(MONTH)]) == 1
    assert "个单元格有变化" in capsys.readouterr().out
    stamp, content = master.stat().st_mtime_ns, master.read_bytes()
    assert main(["status", str(master), "--month", str(MONTH)]) == 1
    assert "未改动" in capsys.readouterr().out
    assert master.stat().st_mtime_ns == stamp and master.read_bytes() == content
    fresh = master.with_name("fresh.xlsm")
    fresh.write_bytes(content)
    fill(fresh, months=MONTH, skip=lambda r, m: False)
    before = fresh.read_bytes()
    main(["status", str(fresh), "--no-write"])
    assert fresh.read_bytes() == before


def test_exit_0_when_nothing_is_red_or_missing(master, capsys):
    book = load_xlsm(master)
    sheet = book[L.month_sheet(MONTH)]
    for r in range(2, sheet.max_row + 1):
        target = sheet.cell(r, L.MONTH_HEADERS.index("目标值") + 1).value
        header = "形象进度" if target is None else "累计完成"
        sheet.cell(r, L.MONTH_HEADERS.index(header) + 1, 0.6 if target is None else target * 0.6)
    book.save(master)
    code, data = run_json(master, "--no-write", capsys=capsys)
    assert code == 0 and data["county"]["green"] == len(data["indicators"])


def test_month_defaults_to_the_latest_reported(master, capsys):
    fill(master, months=4)
    assert main(["status", str(master), "--no-write"]) == 1
    assert "4月 滞后预警" in capsys.readouterr().out


def test_usage_errors_exit_2(master, tmp_path, capsys):
    assert main(["status", str(master), "--no-write"]) == 2  # nothing reported anywhere: say which month
    assert "--month" in capsys.readouterr().err
    assert main(["status", str(master), "--month", "13"]) == 2
    junk = tmp_path / "坏文件.xlsm"
    junk.write_bytes(b"not a workbook")
    assert main(["status", str(junk), "--month", "3"]) == 2
    assert "坏文件.xlsm" in capsys.readouterr().err


def test_dashboard_keeps_native_charts_over_the_written_tables(master, capsys):
    fill(master)
    main(["status", str(master), "--month", str(MONTH)])
    with zipfile.ZipFile(master) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        xml = "".join(z.read(n).decode() for n in charts)
    assert len(charts) == 2
    data = progress.compute(fileio.read_master(master), MONTH)
    lay = dashboard.for_progress(data)
    units = lay.table("units")
    assert f"$B${units.first + 1}:$B${units.last + 1}" in xml  # the chart reads the unit column
    cats = lay.table("categories")
    assert f"$J${cats.first + 1}:$J${cats.last + 1}" in xml  # … and the categories' 平均完成率


def test_chart_caches_hold_what_the_cells_hold(master, capsys):
    """Previews and phone viewers draw a chart from its cache: read with openpyxl, an independent reader."""
    fill(master)
    code, data = run_json(master, capsys=capsys)
    sheet = load_workbook(master)[L.DASHBOARD_SHEET]
    series = {s.tx.strRef.strCache.pt[0].v: s for chart in sheet._charts for s in chart.series}

    def cached(s):
        names = {p.idx: p.v for p in s.cat.strRef.strCache.pt}
        values = {p.idx: float(p.v) for p in s.val.numRef.numCache.pt}
        return [(names.get(k), values.get(k)) for k in range(s.cat.strRef.strCache.ptCount)]

    categories = [(c["category"], c["completion"]) for c in data["categories"]]
    assert cached(series["平均完成率"]) == [(n, None if v is None else pytest.approx(v)) for n, v in categories]
    assert cached(series["时序进度"]) == [(c["category"], pytest.approx(c["time_progress"])) for c in data["categories"]]
    assert cached(series["严重滞后"]) == [(u["unit"], u["red"]) for u in data["units"]]
    assert cached(series["未报送"]) == [(u["unit"], u["missing"]) for u in data["units"]]
    assert cached(series["正常"]) == [(u["unit"], u["green"]) for u in data["units"]]
    assert any(v for _, v in cached(series["正常"])) and any(v for _, v in cached(series["严重滞后"]))


@pytest.mark.libreoffice
def test_libreoffice_recalculation_agrees_with_the_month_light(master, tmp_path, capsys):
    fill(master)
    book = load_xlsm(master)  # one entry typed as text: flagged, native reads 未报送
    sheet = book[L.month_sheet(MONTH)]
    sheet.cell(2, L.MONTH_HEADERS.index("累计完成") + 1, "1200人")
    book.save(master)
    code, data = run_json(master, capsys=capsys)
    assert [p["cell"] for p in data["problems"]] == ["J2"]
    recalced = load_workbook(recalculate(master, tmp_path / "lo"), data_only=True)[L.month_sheet(MONTH)]
    native = {(r[0], r[5]): r[L.MONTH_HEADERS.index("状态")] for r in recalced.iter_rows(min_row=2, values_only=True)}
    lights = {(i["id"], i["indicator"]): i["light"] for i in data["indicators"]}
    differs = {k for k in lights if native[k] != lights[k]}
    assert differs == {("1-1", "城镇新增就业")}  # exactly the cell the problem names
    assert {"正常", "滞后", "严重滞后", "未报送"} <= set(lights.values())


@pytest.mark.libreoffice
def test_dashboard_pdf_is_readable(master, tmp_path, capsys):
    fill(master)
    main(["status", str(master), "--month", str(MONTH)])
    pdf = convert(master, "pdf", tmp_path / "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    for words in ("2024年民生实事推进情况汇总（截至6月）", "各类别完成率与时序进度", "各责任单位亮灯情况", "责任单位排名",
                  "县人力资源社会保障局"):
        assert words in text
