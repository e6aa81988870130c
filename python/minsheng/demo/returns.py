"""The demo's units: fill the month's files as unit clerks would, a few with typical mistakes.

Only the demo uses this. The files are changed with openpyxl, another writer than
the one that made them, the way Excel or WPS would save a clerk's edits.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from openpyxl import load_workbook

from minsheng.demo.explanations import STOCK, explained, progress
from minsheng.model import layout as L

# What some units do besides filling their rows: typical mistakes, and one new contact person.
MISTAKES = {
    "县卫生健康局": "在单位通讯录中改了联系人和电子邮箱（并入主台账的通讯录）",
    "县教育和体育局": "约数：普通高中新增招生填“约500”（该行不并入）",
    "县人力资源社会保障局": "带单位：累计完成填“800人”（按 800 读取并记入日志）",
    "县残联": "报送两次：先报初稿，又报更正稿（采用较新的一份）",
    "县民政局": "发回了上月的填报表（整份退回）",
    "县消防救援大队": "改了锁定的目标值（整份退回）",
    "县应急局": "附件没有下载完整（文件损坏，整份退回）",
    "县红十字会": "没有报送",
}


def fill_like_units(sent: list[Path], previous: list[Path], month: int, year: int, inbox: Path) -> list[str]:
    """Copy each sent file into ``inbox`` filled in, saved (file time and the workbook's own) on the 3rd of
    the next month at 10:00, the story's day; returns one line per unit that made a mistake."""
    inbox.mkdir(parents=True, exist_ok=True)
    told = []
    for path in sent:
        unit = path.stem.split("_", 1)[1]
        target = inbox / path.name
        if unit == "县红十字会":
            told.append(f"{unit}：{MISTAKES[unit]}")
            continue
        if unit == "县民政局":
            source = next(p for p in previous if p.stem.endswith(unit))
            _fill(source, inbox / source.name, month - 1, year, unit)
            told.append(f"{unit}：{MISTAKES[unit]}")
            continue
        if unit == "县残联":  # the draft first, the corrected file a little later
            _fill(path, inbox / f"{path.stem}（初稿）.xlsx", month, year, unit, share=0.1, saved=story_time(year, month, 2, 9))
        _fill(path, target, month, year, unit)
        if unit == "县应急局":
            data = target.read_bytes()
            target.write_bytes(data[: len(data) // 3])
        if unit in MISTAKES:
            told.append(f"{unit}：{MISTAKES[unit]}")
    return told


def story_time(year: int, month: int, day: int, hour: int) -> datetime:
    """A moment early in the month after ``month``, when the story's units send their returns."""
    return datetime(year + month // 12, month % 12 + 1, day, hour)


def story_clock(year: int, month: int, day: int, hour: int) -> Callable[[], datetime]:
    """A clock that starts at ``story_time(year, month, day, hour)`` and moves one minute a call, so the
    demo's 日志 and backups carry the story's dates and a rerun gives the same times. Its ``story`` names
    the story: the demo's mail takes its Message-ID from it (``mail.send.compose``), the same each run."""
    ticks = itertools.count()
    start = story_time(year, month, day, hour)

    def clock() -> datetime:
        return start + timedelta(minutes=next(ticks))

    clock.story = f"minsheng-demo-{start:%Y%m%d%H}"
    return clock


def _fill(source: Path, target: Path, month: int, year: int, unit: str, share: float | None = None,
          saved: datetime | None = None) -> None:
    shutil.copy2(source, target)
    book = load_workbook(target)
    ws = book[L.month_sheet(month)]
    cols = {c.value: c.column for c in ws[1]}
    for r in range(2, ws.max_row + 1):
        target_value = ws.cell(r, cols["目标值"]).value
        done = (share if share is not None else _pace(unit)) * month / 12
        if target_value is None:
            typed = ws.cell(r, cols["形象进度"]).value = round(min(done, 1.0), 2)
        else:
            typed = ws.cell(r, cols["累计完成"]).value = round(target_value * done)
        ws.cell(r, cols["进展情况"]).value = progress(month, typed, ws.cell(r, cols["本月计划累计"]).value,
                                                   ws.cell(r, cols["计量单位"]).value, target_value is None)
        behind = share is None and _pace(unit) < 1  # a unit that lags explains its rows (most of them)
        problem, measure = explained(str(ws.cell(r, cols["项目编号"]).value), str(ws.cell(r, cols["指标"]).value),
                                     month) if behind else STOCK
        ws.cell(r, cols["存在问题"]).value = problem
        ws.cell(r, cols["下步措施"]).value = measure
        ws.cell(r, cols["填报人"]).value = "张明"
        ws.cell(r, cols["联系电话"]).value = "0537-8221234"
        ws.cell(r, cols["填报日期"]).value = date(year, month % 12 + 1, 3)
    if unit == "县教育和体育局":
        ws.cell(2, cols["累计完成"]).value = "约500"
    if unit == "县人力资源社会保障局":
        ws.cell(2, cols["累计完成"]).value = "800人"
    if unit == "县消防救援大队":
        ws.cell(2, cols["目标值"]).value = 1500
    if unit == "县卫生健康局":
        contacts = book[L.CONTACTS_SHEET]
        header = [c.value for c in contacts[1]]
        contacts.cell(2, header.index("联系人") + 1).value = "李静"
        contacts.cell(2, header.index("电子邮箱") + 1).value = "wjj@weishan.gov.cn"
    book.save(target)
    saved = saved or story_time(year, month, 3, 10)  # the story's clock, not today's
    pin_saved(target, story_time(year, month, 1, 9), saved)


def pin_saved(path: Path, created: datetime, saved: datetime) -> None:
    """Give the file the times Excel would have written, from the story's clock (openpyxl always writes
    'now'): docProps/core.xml's created and modified, each zip entry's date and time, and the file's
    own modification time; the same file saved twice is then the same bytes (the same sha256 in 日志).
    ``created`` and ``saved`` are naive local times."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {i.filename: (i, z.read(i)) for i in z.infolist()}
    core = parts["docProps/core.xml"][1].decode("utf-8")
    for tag, when in (("created", created), ("modified", saved)):
        stamp = when.astimezone().astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        core = re.sub(rf"(<dcterms:{tag}[^>]*>)[^<]*", rf"\g<1>{stamp}", core)
    parts["docProps/core.xml"] = (parts["docProps/core.xml"][0], core.encode("utf-8"))
    with zipfile.ZipFile(path, "w") as z:
        for name, (old, data) in parts.items():
            entry = zipfile.ZipInfo(name, date_time=saved.timetuple()[:6])
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, old.external_attr
            z.writestr(entry, data)
    os.utime(path, (saved.timestamp(), saved.timestamp()))


def _pace(unit: str) -> float:
    """Units move at different speeds, so the month shows every light."""
    return (0.6, 0.85, 1.0, 1.2, 0.3)[sum(map(ord, unit)) % 5]
