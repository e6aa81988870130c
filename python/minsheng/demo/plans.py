"""The demo's 年初建账: plan forms sent to the units, two sent back (one with a mistake), merged into 计划.

Only the demo uses this. The returned forms are changed with openpyxl, as Excel or WPS would save a
clerk's edits; the merge runs on the story's clock (mid-January of the master's year).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook

from minsheng.demo.returns import pin_saved
from minsheng.model import layout as L

# The two units that send their plans back, the row each changes, and how.
EARLY = ("县人力资源社会保障局", ("1-1", "城镇新增就业"))  # front-loaded: the target reached by October
FALLS = ("县住房和城乡建设局", ("7-2", "新增供热面积"))  # a plan that falls in July: reported, not merged
TOLD = {EARLY[0]: "把城镇新增就业的计划前移，10 月底完成全年目标（并入“计划”）",
        FALLS[0]: "新增供热面积 7 月的累计计划比 6 月少（计划逐月不应减少：该行不并入，其余行照常并入）"}


def run(master: Path, out: Path, year: int, step: Callable[[str], None]) -> None:
    """Send the plan forms into ``out/计划下发``, return two into ``out/计划回收``, merge them; print each
    step, headed by the story's ``step``."""
    from minsheng.engines.file import FileEngine
    from minsheng.jobs import plan_merge as merging
    from minsheng.jobs import plan_split as splitting

    step("年初建账：下发计划表（各单位逐月分解任务）")
    sent = splitting.plan_split(FileEngine(master), out / "计划下发", now=datetime(year, 1, 5, 9))  # the story's day
    print(f"{sent.folder}：{len(sent.files)} 个牵头单位各一份计划表，按完成时限预填了默认计划。")
    step("两个单位报回计划表（其中一份有错误）")
    inbox = out / "计划回收"
    returned = [fill(path, inbox, year) for path in sent.files if unit_of(path) in TOLD]
    for path in returned:
        print(f"  {unit_of(path)}：{TOLD[unit_of(path)]}")
    print(f"  其余 {len(sent.files) - len(returned)} 个单位未报回：沿用默认计划。")
    step("汇总计划表")
    merged = datetime(year, 1, 15, 10)  # the story's day: 日志 and the backup's name
    engine = FileEngine(master, clock=lambda: merged)
    done = merging.plan_merge(engine, returned, now=merged)
    print("\n".join(merging.summary(done)))


def unit_of(path: Path) -> str:
    return path.stem.split("_", 1)[1]


def fill(path: Path, inbox: Path, year: int) -> Path:
    """The unit's clerk opens the form, retypes one row's months, saves it on 12 January."""
    unit = unit_of(path)
    target = inbox / path.name
    inbox.mkdir(parents=True, exist_ok=True)
    shutil.copy2(path, target)
    book = load_workbook(target)
    sheet = book[L.PLAN_FORM_SHEET]
    col = {c.value: c.column for c in sheet[1]}
    key = EARLY[1] if unit == EARLY[0] else FALLS[1]
    for r in range(2, sheet.max_row + 1):
        if (str(sheet.cell(r, col["项目编号"]).value), str(sheet.cell(r, col["指标"]).value)) != key:
            continue
        total = float(sheet.cell(r, col["目标值"]).value)
        for m in L.MONTHS:
            share = min(m, 10) / 10 if unit == EARLY[0] else m / 12
            if unit == FALLS[0] and m == 7:
                share = 5 / 12  # typed below June's
            sheet.cell(r, col[f"{m}月"]).value = round(total * share)
    book.save(target)
    pin_saved(target, datetime(year, 1, 5, 9), datetime(year, 1, 12, 10))  # the same bytes each run
    return target
