"""The ribbon's entry points: read the caller, call the same job as the command line, say what it did.

Each button's Sub in ``workbook/vba/Ribbon.bas`` runs
``RunPython "import minsheng.xl; minsheng.xl.<name>()"``. An entry point takes the calling
workbook as the job's engine (``minsheng.engines.excel.Excel``: each sheet read once as a block,
changes written back as a few rectangles, progress on the status bar), works out the month and
the folder, calls ``minsheng.jobs.<name>`` and turns its result into the clerk's closing message,
in Chinese. When something fails the clerk gets a Chinese message, not a Python traceback (the
traceback goes to ``ERROR_LOG``).

Which month: the active sheet's when it is a monthly sheet (3月), otherwise the
reporting month (the previous calendar month, within the workbook's year).

Which folder: on Windows Excel a folder dialog opens at the default; elsewhere
(Excel for Mac, the remote interpreter in tests) the default is used as is.
Defaults sit beside the workbook: ``下发/3月`` for the units' workbooks,
``回收/3月`` for their returns, ``下发/计划`` and ``回收/计划`` for the plan forms (年初建账), ``通报`` for the bulletin, ``催报/3月`` for reminder drafts.
"""

from __future__ import annotations

import functools
import tempfile
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import xlwings as xw

from minsheng.engines.base import Stop
from minsheng.engines.excel import Excel
from minsheng.model import layout as L

ERROR_LOG = Path(tempfile.gettempdir()) / "minsheng" / "错误记录.txt"
SEND_FOLDER, RETURNS_FOLDER, BULLETIN_FOLDER, REMIND_FOLDER = "下发", "回收", "通报", "催报"
PLAN_FOLDER = "计划"  # 年初建账: 下发/计划 for the plan forms, 回收/计划 for the returned ones
SHOWN = 8  # at most this many lines of a list in a message box; the rest is counted

__all__ = ["Excel", "Stop", "ERROR_LOG", "entry", "validate", "split", "consolidate", "status", "bulletin",
           "remind", "plan_split", "plan_merge"]


def entry(title: str) -> Callable:
    """Wrap a feature as a ribbon entry point: the clerk sees a Chinese message, never a traceback."""
    def wrap(feature: Callable[[Excel], str]) -> Callable[[], None]:
        @functools.wraps(feature)
        def run() -> None:
            excel = Excel(xw.Book.caller())
            try:
                message, critical = feature(excel), False
            except Stop as e:
                message, critical = str(e), False
            except Exception as e:  # noqa: BLE001 - the clerk gets a message, the log the traceback
                message, critical = _failure(title, e, excel.cells_written), True
            finally:
                excel.status(None)
            excel.alert(message, title, critical)
        return run
    return wrap


def _failure(title: str, error: Exception, written: int) -> str:
    ERROR_LOG.parent.mkdir(parents=True, exist_ok=True)
    with ERROR_LOG.open("a", encoding="utf-8") as log:
        log.write(f"\n[{datetime.now():%Y-%m-%d %H:%M:%S}] {title}\n{traceback.format_exc()}")
    done = (f"出错前已写入 {written} 个单元格；如要撤销，请关闭工作簿且不保存。"
            if written else "工作簿没有被修改。")
    return (f"“{title}”没有完成：{error}\n{done}\n"
            f"详细错误已记录在 {ERROR_LOG}，请把它发给维护人员。")


def lines(items: list[str], more: str = "条") -> str:
    shown = [f"  · {x}" for x in items[:SHOWN]]
    if len(items) > SHOWN:
        shown.append(f"  ……另有 {len(items) - SHOWN} {more}")
    return "\n".join(shown)


def written(n: int, where: str) -> str:
    return f"{where}已更新 {n} 个单元格（请保存工作簿）。" if n else f"{where}已是最新，没有改动。"


def closing(text: str, paths) -> str:
    """``text`` ended with the closing line the command line prints (``minsheng.jobs.closing``):
    ``共写入 N 个文件：…``, counted from the files on disk among ``paths``."""
    from minsheng.jobs.closing import written as files_written

    line = files_written(paths)
    return f"{text}\n\n{line}" if line else text


# --- the ribbon's entry points (each calls minsheng.jobs.<name>, as the command line does) ---------

@entry("校验")
def validate(excel: Excel) -> str:
    """The month's findings into the 校验结果 sheet and, where Excel can fill cells, the offending
    cells marked after clearing the last run's marks."""
    from minsheng.jobs import validate as job

    done = job.validate(excel, excel.month())
    month, report = done.month, done.report
    if not done.written:
        after = f"“{L.RESULTS_SHEET}”表与上次校验相同，工作簿没有改动。"
    else:
        after = (f"“{L.RESULTS_SHEET}”表已清空" if report.clean else
                 f"已写入“{L.RESULTS_SHEET}”表（{len(report.findings)} 条，点“转到”列可跳到问题单元格）")
        if not done.marked:
            after += "；这里（不是 Windows 版 Excel）不能改单元格底色，问题单元格的标色没有更新"
        elif not report.clean:
            after += "；问题单元格已标色（错误红色、提示黄色），上次的标记已清除"
        else:
            after += "，上次的标记已清除"
        after += "。请保存工作簿。"
    stats = report.stats
    head = f"{month} 月校验：检查 {stats['rows']} 行，"
    if report.clean:
        return head + "未发现问题。\n" + after
    names = {"error": "错误", "warning": "提示"}
    text = head + f"发现 {stats['errors']} 个错误、{stats['warnings']} 个提示：\n" + lines(
        [f"[{names.get(f.severity, f.severity)}] {f.message} → {f.hint}"
         for f in [*report.errors, *report.warnings]], "条")
    if report.errors:
        text += "\n\n有“错误”的行在汇总时不会并入主台账，请更正后重新校验。"
    return text + "\n\n" + after


@entry("下发填报表")
def split(excel: Excel) -> str:
    from minsheng.jobs import split as job

    month = excel.month()
    out = excel.folder(excel.folder_beside / SEND_FOLDER / f"{month}月", f"选择 {month} 月填报表的保存位置")
    done = job.split(excel, month, out)
    return closing(f"已为 {len(done.files)} 个责任单位生成 {month} 月填报表，保存在：\n{out}\n\n"
                   + lines([p.name for p in done.files], "个文件") + "\n\n请把各单位的文件发给对应单位。主台账没有改动。",
                   done.files)


@entry("下发计划表")
def plan_split(excel: Excel) -> str:
    from minsheng.jobs import plan_split as job

    out = excel.folder(excel.folder_beside / SEND_FOLDER / PLAN_FOLDER, "选择计划表的保存位置")
    done = job.plan_split(excel, out)
    return closing(f"已为 {len(done.files)} 个责任单位生成计划表（年初建账：各指标逐月累计计划），保存在：\n{out}\n\n"
                   + lines([p.name for p in done.files], "个文件") + "\n\n请把各单位的文件发给对应单位。主台账没有改动。",
                   done.files)


def _received(head: str, files: list, done, where: str, shown) -> str:
    """What a merge of returned files (monthly or plans) tells the clerk: counts, cells written into
    ``where``, the files sent back and the rows with errors (each as ``shown`` gives it)."""
    result = done.result
    text = (f"{head}：收到 {len(files)} 个文件，采用 {len(result.accepted)} 个，退回 {len(result.rejected)} 个。\n"
            + written(done.cells, where))
    if result.rejected:
        text += "\n\n退回的文件：\n" + lines([r.message for r in result.rejected], "个")
    errors = [f for f in result.row_findings if f.severity == "error"]
    if errors:
        text += "\n\n有错误、未并入的行：\n" + lines([shown(f) for f in errors])
    return text


@entry("汇总计划表")
def plan_merge(excel: Excel) -> str:
    from minsheng.jobs import plan_merge as job
    from minsheng.jobs.consolidate import returned_files

    folder = excel.folder(excel.folder_beside / RETURNS_FOLDER / PLAN_FOLDER, "选择各单位报回的计划表所在文件夹")
    files = returned_files([folder], excel.path)[0] if folder.is_dir() else []
    if not files:
        raise Stop(f"{folder} 中没有找到报回的计划表：请把各单位报回的文件放进这个文件夹后再按“汇总计划表”。本次没有修改工作簿。")
    done = job.plan_merge(excel, files)
    result = done.result
    text = _received("计划汇总", files, done, "“计划”表", lambda f: f.message)
    if result.adjusted:
        text += "\n\n调整了已确定计划的指标：" + "、".join(f"{k[0]} {k[1]}" for k in result.adjusted)
    return text


@entry("汇总回收表")
def consolidate(excel: Excel) -> str:
    from minsheng.jobs import consolidate as job

    month = excel.month()
    folder = excel.folder(excel.folder_beside / RETURNS_FOLDER / f"{month}月",
                          f"选择各单位报回的 {month} 月填报表所在文件夹")
    files = job.returned_files([folder], excel.path)[0] if folder.is_dir() else []
    if not files:
        raise Stop(f"{folder} 中没有找到报回的工作簿：请把各单位报回的文件放进这个文件夹后再按“汇总回收表”。"
                   f"本次没有修改工作簿。")
    done = job.consolidate(excel, files, month)
    result = done.result
    text = _received(f"{month} 月汇总", files, done, "主台账", lambda f: f"{f.file} {f.cell}：{f.message}")
    if result.untouched:
        text += "\n\n原样退回（未改动，按未报送催报）：\n" + lines([u.message for u in result.untouched], "个")
    if result.duplicates:
        text += "\n\n重复报送：\n" + lines([d.message for d in result.duplicates])
    if result.missing_units:
        text += "\n\n未报送（或被退回）的单位：" + "、".join(result.missing_units)
    return text


@entry("滞后预警")
def status(excel: Excel) -> str:
    from minsheng.jobs import status as job

    done = job.status(excel, excel.month())
    month, found = done.month, done.progress
    c = found.county()
    text = (f"{month} 月滞后预警：{c['indicators']} 个指标，已完成 {c['done']}，正常 {c['green']}，"
            f"滞后 {c['yellow']}，严重滞后 {c['red']}，未报送 {c['missing']}。\n" + written(done.cells, "“汇总”表"))
    red = [f"{i.id} {i.indicator}（{i.unit}）：{i.status}" for i in found.indicators if i.status in ("严重滞后", "滞后")]
    if red:
        text += "\n\n滞后的指标：\n" + lines(red, "个")
    if found.problems:
        text += "\n\n无法读取的单元格：\n" + lines([f"{p.sheet}!{p.cell}：{p.message}" for p in found.problems])
    return text


@entry("生成通报")
def bulletin(excel: Excel) -> str:
    """The month's bulletin and the leaders' digests, each with its PDF where LibreOffice is
    installed, in the 通报 folder beside the workbook; no mail from a button."""
    from minsheng.jobs import bulletin as job

    month = excel.month()
    folder = excel.folder(excel.folder_beside / BULLETIN_FOLDER, "选择通报的保存位置")
    done = job.bulletin(excel, month, folder=folder)
    out = done.docx
    text = (f"{month} 月通报已生成：\n{out}\n另有 {len(done.digests)} 份{done.leader}摘要，在同一文件夹的"
            f"“{done.digest_dir.name}”中。请核对后印发。主台账没有改动。")
    return closing(text + ("\n\n" + lines(done.problems) if done.problems else ""), job.files(done.to_dict()))


@entry("催报提醒")
def remind(excel: Excel) -> str:
    """Drafts (.eml) of the month's reminders beside the workbook, carrying the units' workbooks
    that 下发填报表 left there; no mail sent from a button."""
    from minsheng.jobs import remind as job
    from minsheng.jobs.mailing import Mailing

    month = excel.month()
    sent_folder = excel.folder_beside / SEND_FOLDER / f"{month}月"
    out = excel.folder(excel.folder_beside / REMIND_FOLDER / f"{month}月", "选择催报邮件草稿的保存位置")
    done = job.remind(excel, month, Mailing(eml_dir=out), attach_dir=sent_folder if sent_folder.is_dir() else None)
    plan = done.plan
    text = (f"{plan.period}催报：为 {len(done.drafts)} 个单位写好邮件草稿，保存在：\n{out}\n"
            f"双击 .eml 文件用邮件客户端打开、核对后发送。主台账没有改动。")
    if done.sender is None:
        text += f"\n\n“单位通讯录”中{done.office}没有电子邮箱：草稿未填发件人，发送时由邮件客户端填写。"
    if plan.no_address:
        text += "\n\n没有邮箱、未写草稿的单位：" + "、".join(r.unit for r in plan.no_address)
    if plan.already_sent:
        text += "\n\n日志显示已发过相同提醒的单位：" + "、".join(r.unit for r, _ in plan.already_sent)
    return closing(text, [d["file"] for d in done.drafts])
