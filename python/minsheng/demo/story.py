"""The demo: the year's start from the seed notice, then what a month looks like, step by step.

Each step prints what it did and leaves its files in the output folder.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from minsheng.demo import notice as demo_notice
from minsheng.demo import plans as demo_plans
from minsheng.demo import validate as demo_validate
from minsheng.demo.returns import story_clock, story_time


def step(title: str) -> None:
    print(f"\n== {title} ==")


def run(out: Path, month: int) -> int:
    step("年初：导入通知 → 核对“需核对” → 生成主台账")
    master, data = demo_notice.run(out)
    for category in data.categories:
        items = [i for i in data.items if i.category == category]
        print(f"  {data.category_no(items[0])}. {category}：{'、'.join(i.id for i in items)}")
    demo_plans.run(master, out, data.year, step)
    clock = story_clock(data.year, month, 8, 10)  # the office's writes on the 8th: the same 日志 times each run
    split_and_consolidate(master, month, out, data.year, clock)
    step(f"校验 {month} 月")
    demo_validate.run(master, month, out / "回收", clock)
    status_step(master, month, clock)
    bulletin_step(master, out, month, clock)
    step("完成：生成的文件")
    print("\n".join(made(out)))
    return 0


WHAT = {"民生实事2024.xlsm": "主台账（已汇总、已写入“汇总”）", "下发": "本月各单位填报表", "下发-上月": "上月填报表",
        "回收": "各单位发回的填报表（含常见错误）", "备份": "主台账改动前的备份", "通知附件2024.docx": "演示用的年初通知",
        "目录草稿2024.csv": "从通知读出的目录草稿", "计划下发": "年初下发的各单位计划表",
        "计划回收": "两个单位报回的计划表（其中一份有错误）"}


def made(out: Path) -> list[str]:
    """One line per file or folder the demo left in ``out``: its path, what it is, how many files a
    folder holds. Hidden files (the demo marker) are left out."""
    lines = []
    for path in sorted(out.iterdir(), key=lambda p: (p.is_dir(), p.name)):
        if path.name.startswith("."):
            continue
        what = WHAT.get(path.name) or next((v for k, v in _KINDS if k in path.name), "")
        count = f"（{sum(1 for p in path.rglob('*') if p.is_file())} 个文件）" if path.is_dir() else ""
        lines.append(f"  {path}{'/' if path.is_dir() else ''}{count}{'  ' + what if what else ''}")
    return lines


_KINDS = (("通报_分管县领导摘要", "分管县领导摘要（Word 与 PDF）"), ("通报.docx", "通报（Word）"), ("通报.pdf", "通报（PDF）"),
          ("催报草稿", "催报邮件草稿（.eml，可在邮件程序中打开发送）"), ("校验", "校验结果"))


def split_and_consolidate(master: Path, month: int, out: Path, year: int,
                          clock: Callable[[], datetime] | None = None) -> None:
    from minsheng.demo.returns import fill_like_units
    from minsheng.engines.file import FileEngine, read_master
    from minsheng.jobs import consolidate as merge
    from minsheng.roundtrip.split import split_month

    step(f"下发填报表（{month} 月）")
    book = read_master(master)
    sent = split_month(book, month, out / "下发", now=story_time(year, month, 1, 9))  # sent on the 1st, the story's day
    print(f"{out / '下发'}：{len(sent)} 个单位各一份 .xlsx，只含本单位的行，锁定目标与计划，隐藏校验信息。")
    previous = split_month(book, month - 1, out / "下发-上月", now=story_time(year, month - 1, 1, 9)) if month > 1 else []
    step("各单位填报后发回（其中几份有常见错误）")
    for line in fill_like_units(sent, previous, month, year, out / "回收"):
        print(f"  {line}")
    step("汇总回收表")
    clock = clock or story_clock(year, month, 8, 10)
    engine = FileEngine(master, clock=clock)
    files, _ = merge.returned_files([out / "回收"], master)
    done = merge.consolidate(engine, files, month, clock=clock)
    print("\n".join(merge.summary(done)))
    if engine.backup:
        print(f"主台账已保存，原文件备份在 {engine.backup}")
    elif not done.result.changes:
        print("主台账无需改动。")


def sample_entries(master: Path, month: int, clock: Callable[[], datetime]) -> int:
    """Demo only: when no step before has filled the month, type deterministic entries into
    months 1..month (a few rows left blank) so the status step has something to show."""
    from minsheng.engines import file as fileio
    from minsheng.status.progress import latest_month
    from minsheng.model.book import CellChange

    book = fileio.read_master(master)
    if latest_month(book) is not None:
        return 0
    changes = []
    for m in range(1, month + 1):
        sheet = book.month(m)
        for n, (row, record) in enumerate(sheet.records()):
            if (n + m) % 9 == 0:
                continue
            share = min(1.2, m / 12 * (0.3 + (n * 7 % 13) / 10))
            target = record.get("目标值")
            header = "形象进度" if target is None else "累计完成"
            value = round(share, 2) if target is None else round(float(target) * share)
            changes.append(CellChange(sheet.name, sheet.address(row, header), record.get(header), value))
    fileio.apply_changes(master, changes, now=clock())
    return len(changes)


def status_step(master: Path, month: int, clock: Callable[[], datetime]) -> None:
    from minsheng.engines.file import FileEngine
    from minsheng.jobs.status import status
    from minsheng.status.table import render

    step(f"滞后预警（{month}月）")
    typed = sample_entries(master, month, clock)
    if typed:
        print(f"（演示：前面的步骤没有填报数据，已按规则生成 1–{month} 月示例填报 {typed} 格）")
    done = status(FileEngine(master, clock=clock), month)
    print(render(done.progress))
    print(f"\n汇总表（表格与图表）已写入 {master.name} 的“汇总”工作表（{done.cells} 个单元格）。")


def sample_contacts(master: Path, clock: Callable[[], datetime]) -> list[str]:
    """Demo only: example.cn addresses for the 单位通讯录 rows that have none, except the last
    responsible unit, left blank so the reminders show how a unit without an address is reported."""
    from minsheng.engines import file as fileio
    from minsheng.model import layout as L
    from minsheng.model.book import CellChange, is_blank

    sheet = fileio.read_master(master)[L.CONTACTS_SHEET]
    rows = [(n, r) for n, r in sheet.records() if is_blank(r.get("电子邮箱"))]
    units = [n for n, r in rows if r.get("备注") == "责任单位"]
    changes, named = [], []
    for k, (n, record) in enumerate(rows, start=1):
        if units and n == units[-1]:
            continue
        name = "dcs" if record.get("备注") == "本办" else f"unit{k:02d}"
        changes.append(CellChange(sheet.name, sheet.address(n, "电子邮箱"), None, f"{name}@weishan.example.cn"))
        named.append(str(record["单位"]))
    fileio.apply_changes(master, changes, now=clock())
    return named


def drafts_folder(out: Path, month: int, cadence: str) -> Path:
    """Where the demo leaves a period's reminder drafts: ``out``/3月催报草稿, or 一季度催报草稿 under 报送周期 季."""
    from minsheng.model.cadence import period_name

    return out / f"{period_name(month, cadence)}催报草稿"


def bulletin_file(out: Path, month: int, cadence: str) -> Path:
    """Where the demo leaves a period's bulletin: ``out``/3月民生实事通报.docx, or 一季度民生实事通报.docx
    under 报送周期 季 (its PDF beside it, the leaders' digests in ``…通报_分管县领导摘要``, as ``drafts_folder``)."""
    from minsheng.model.cadence import period_name

    return out / f"{period_name(month, cadence)}民生实事通报.docx"


def bulletin_step(master: Path, out: Path, month: int, clock: Callable[[], datetime]) -> None:
    import sys

    from minsheng.engines import file as fileio
    from minsheng.jobs import bulletin as publish
    from minsheng.jobs import remind as reminding
    from minsheng.jobs.mailing import Mailing
    from minsheng.model.cadence import period_name
    from minsheng.model.deadlines import due_date
    from minsheng.model import settings

    read = settings.load(fileio.read_master(master))
    year = read.year
    day = due_date(year, month, 8)  # the demo dates its papers early the next month
    period = period_name(month, read.cadence)
    step(f"生成通报（{period}）")
    done = publish.bulletin(fileio.FileEngine(master, clock=clock), month, out=bulletin_file(out, month, read.cadence),
                           day=day, clock=clock)
    print("\n".join(publish.summary(done.to_dict())))
    step(f"催报提醒（{period}）")
    named = sample_contacts(master, clock)
    if named:
        print(f"（演示：已给“单位通讯录”中 {len(named)} 个单位填上 example.cn 示例邮箱，留一个单位空着）")
    drafts = Mailing(eml_dir=drafts_folder(out, month, read.cadence))
    sent = reminding.remind(fileio.FileEngine(master, clock=clock), month, drafts, day=day, fresh=True, clock=clock)
    for warning in sent.warnings:
        print(warning, file=sys.stderr)
    print("\n".join(reminding.summary(sent.to_dict())))
