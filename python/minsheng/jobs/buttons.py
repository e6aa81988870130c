"""What each ribbon button does, over the calling workbook (``minsheng.xl.Excel``).

Each action reads the sheets its core needs (once each), calls the same core as
the CLI, applies the ``CellChange``s through the adapter and returns the closing
message for the clerk, in Chinese. No xlwings here: ``minsheng.xl`` owns Excel.
Each button imports its own core when pressed, so a button loads only what it uses.
"""

from __future__ import annotations

from minsheng.model import layout as L

SEND_FOLDER, RETURNS_FOLDER, BULLETIN_FOLDER, REMIND_FOLDER = "下发", "回收", "通报", "催报"
SHOWN = 8  # at most this many lines of a list in a message box; the rest is counted


class Stop(Exception):
    """End the run with this message to the clerk (e.g. a cancelled dialog, an empty folder)."""


def master_sheets(month: int | None = None) -> list[str]:
    """The master's data sheets, monthly sheets up to ``month``."""
    skip = (L.README_SHEET, L.XLWINGS_SHEET)
    return [s for s in L.sheet_order()
            if s not in skip and (month is None or (L.sheet_month(s) or 0) <= month)]


def lines(items: list[str], more: str = "条") -> str:
    shown = [f"  · {x}" for x in items[:SHOWN]]
    if len(items) > SHOWN:
        shown.append(f"  ……另有 {len(items) - SHOWN} {more}")
    return "\n".join(shown)


def written(n: int, where: str) -> str:
    return f"{where}已更新 {n} 个单元格（请保存工作簿）。" if n else f"{where}已是最新，没有改动。"


# --- the buttons -------------------------------------------------------------------------------

def validate(excel) -> str:
    """The month's findings into the 校验结果 sheet (its Table fitted to them, a link from each
    to its cell) and, where Excel can fill cells, the offending cells marked after clearing the
    last run's marks: what ``minsheng validate`` writes into a file (``minsheng.check.results``)."""
    from minsheng.check import results
    from minsheng.check.validate import validate_book

    month = excel.month()
    sheets = [L.month_sheet(m) for m in (month - 1, month) if m in L.MONTHS]
    book = excel.read([*sheets, L.PLAN_SHEET, L.CONFIG_SHEET, L.RESULTS_SHEET])
    excel.status(f"校验 {month} 月")
    report = validate_book(book, month, source=book.name)
    fills = excel.fills()
    if results.unchanged(book, report, with_marks=fills is not None):
        done = f"“{L.RESULTS_SHEET}”表与上次校验相同，工作簿没有改动。"
    else:
        changes = results.table_changes(book, report)
        if fills is not None:
            changes += _mark(fills, book, report)
        excel.apply(changes)
        excel.fit_table(L.RESULTS_SHEET, results.table_ref(report))
        done = (f"“{L.RESULTS_SHEET}”表已清空" if report.clean else
                f"已写入“{L.RESULTS_SHEET}”表（{len(report.findings)} 条，点“转到”列可跳到问题单元格）")
        if fills is None:
            done += "；这里（不是 Windows 版 Excel）不能改单元格底色，问题单元格的标色没有更新"
        elif not report.clean:
            done += "；问题单元格已标色（错误红色、提示黄色），上次的标记已清除"
        else:
            done += "，上次的标记已清除"
        done += "。请保存工作簿。"
    stats = report.stats
    head = f"{month} 月校验：检查 {stats['rows']} 行，"
    if report.clean:
        return head + "未发现问题。\n" + done
    names = {"error": "错误", "warning": "提示"}
    text = head + f"发现 {stats['errors']} 个错误、{stats['warnings']} 个提示：\n" + lines(
        [f"[{names.get(f.severity, f.severity)}] {f.message} → {f.hint}"
         for f in [*report.errors, *report.warnings]], "条")
    if report.errors:
        text += "\n\n有“错误”的行在汇总时不会并入主台账，请更正后重新校验。"
    return text + "\n\n" + done


def _mark(fills, book, report) -> list:
    """Restore the cells the last run marked, mark this run's (红 error, 黄 warning) and return
    the records of what was done, for the 校验结果 sheet. In the order ``minsheng.check.results`` says."""
    from minsheng.check import results

    old, new = results.previous_marks(book), results.marks(report)
    with fills.unprotected(m.sheet for m in [*old, *new]):
        fills.paint(old)
        originals = fills.read(new)
        fills.paint(new)
    return results.record_changes(book, new, originals)


def status(excel) -> str:
    from minsheng.status import dashboard
    from minsheng.status import progress

    month = excel.month()
    book = excel.read(master_sheets(month))
    excel.status(f"计算 {month} 月进度")
    found = progress.compute(book, month)
    n = excel.apply(dashboard.changes(found, book[L.DASHBOARD_SHEET] if L.DASHBOARD_SHEET in book else None))
    c = found.county()
    text = (f"{month} 月滞后预警：{c['indicators']} 个指标，已完成 {c['done']}，正常 {c['green']}，"
            f"滞后 {c['yellow']}，严重滞后 {c['red']}，未报送 {c['missing']}。\n" + written(n, "“汇总”表"))
    red = [f"{i.id} {i.indicator}（{i.unit}）：{i.status}" for i in found.indicators if i.status in ("严重滞后", "滞后")]
    if red:
        text += "\n\n滞后的指标：\n" + lines(red, "个")
    if found.problems:
        text += "\n\n无法读取的单元格：\n" + lines([f"{p.sheet}!{p.cell}：{p.message}" for p in found.problems])
    return text


def split(excel) -> str:
    from minsheng.roundtrip import split as split_core

    month = excel.month()
    out = excel.folder(excel.folder_beside / SEND_FOLDER / f"{month}月", f"选择 {month} 月填报表的保存位置")
    book = excel.read(master_sheets(month))
    excel.status(f"生成 {month} 月填报表")
    paths = split_core.split_month(book, month, out)
    return (f"已为 {len(paths)} 个责任单位生成 {month} 月填报表，保存在：\n{out}\n\n"
            + lines([p.name for p in paths], "个文件") + "\n\n请把各单位的文件发给对应单位。主台账没有改动。")


def consolidate(excel) -> str:
    from minsheng.roundtrip import consolidate as merge
    from minsheng.roundtrip import returns

    month = excel.month()
    folder = excel.folder(excel.folder_beside / RETURNS_FOLDER / f"{month}月",
                          f"选择各单位报回的 {month} 月填报表所在文件夹")
    files, _ = returns.collect([folder]) if folder.is_dir() else ([], [])
    files = [f for f in files if f.resolve() != excel.book.path.resolve()]
    if not files:
        raise Stop(f"{folder} 中没有找到报回的工作簿：请把各单位报回的文件放进这个文件夹后再按“汇总回收表”。"
                   f"本次没有修改工作簿。")
    book = excel.read(master_sheets())

    def progress(i: int, n: int, name: str) -> None:
        excel.status(f"读取回收表 {name}（{i}/{n}）")

    result = merge.plan_consolidation(book, files, month, progress=progress)
    n = excel.apply(result.changes, result.log)
    text = (f"{month} 月汇总：收到 {len(files)} 个文件，采用 {len(result.accepted)} 个，退回 {len(result.rejected)} 个。\n"
            + written(n, "主台账"))
    if result.rejected:
        text += "\n\n退回的文件：\n" + lines([r.message for r in result.rejected], "个")
    errors = [f for f in result.row_findings if f.severity == "error"]
    if errors:
        text += "\n\n有错误、未并入的行：\n" + lines([f"{f.file} {f.cell}：{f.message}" for f in errors])
    if result.duplicates:
        text += "\n\n重复报送：\n" + lines([d.message for d in result.duplicates])
    if result.missing_units:
        text += "\n\n未报送（或被退回）的单位：" + "、".join(result.missing_units)
    return text


def bulletin(excel) -> str:
    """The month's bulletin (.docx, a PDF where LibreOffice is installed) and the leaders'
    digests, in the 通报 folder beside the workbook; no mail from a button."""
    from datetime import date

    from minsheng.paper import bulletin as model
    from minsheng.paper import digest
    from minsheng.paper import word as writer
    from minsheng.engines import libreoffice
    from minsheng.status import progress
    from minsheng.model import settings as settings_mod
    from minsheng.engines.disk import atomic_write

    month = excel.month()
    book = excel.read(master_sheets(month))
    settings = settings_mod.load(book)
    found = progress.compute(book, month, settings).to_dict()
    folder = excel.folder(excel.folder_beside / BULLETIN_FOLDER, "选择通报的保存位置")
    out = folder / f"{settings.year}年{month}月民生实事推进情况通报.docx"
    day = date.today()
    docs = {out: model.bulletin(found, book, settings, day)}
    for leader, page in digest.digests(found, book, settings, day).items():
        docs[folder / f"{out.stem}_分管县领导摘要" / f"{leader}.docx"] = page
    problems = []
    for i, (path, doc) in enumerate(docs.items(), start=1):
        excel.status(f"写 {path.name}（{i}/{len(docs)}）")
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, lambda tmp, doc=doc: writer.write(doc, tmp), keep_backup=False)
    if libreoffice.soffice() is not None:
        excel.status("转换 PDF")
        try:
            libreoffice.convert(out, "pdf", out.parent)
        except libreoffice.LibreOfficeError as e:
            problems.append(str(e))
    text = (f"{month} 月通报已生成：\n{out}\n另有 {len(docs) - 1} 份分管县领导摘要，在同一文件夹的"
            f"“{out.stem}_分管县领导摘要”中。请核对后印发。主台账没有改动。")
    return text + ("\n\n" + lines(problems) if problems else "")


def remind(excel) -> str:
    from datetime import date

    from minsheng.model import contacts as contacts_mod
    from minsheng.mail import send as mail
    from minsheng.status import progress
    from minsheng.mail import reminders
    from minsheng.model import settings as settings_mod

    month = excel.month()
    book = excel.read(master_sheets(month))
    settings = settings_mod.load(book)
    found = progress.compute(book, month, settings).to_dict()
    contacts = contacts_mod.load(book)
    sent_folder = excel.folder_beside / SEND_FOLDER / f"{month}月"
    units = list(reminders.by_unit(found))
    attachments = reminders.find_attachments(sent_folder, units, month) if sent_folder.is_dir() else {}
    plan = reminders.plan(found, contacts, year=settings.year, due_day=settings.due_day,
                          sent=reminders.sent_log(book), attachments=attachments)
    office = contacts.office
    sender = mail.address(contacts_mod.OFFICE, office.emails[0]) if office and office.emails else None
    out = excel.folder(excel.folder_beside / REMIND_FOLDER / f"{month}月", "选择催报邮件草稿的保存位置")
    drafts = []
    for r in plan.send:
        to = [mail.address(r.contact.person if r.contact else "", a) for a in r.to]
        msg = mail.compose(sender, to, reminders.subject(r), reminders.body(r, office, date.today()),
                           attachments=(r.attachment,) if r.attachment else (), reply_to=sender)
        drafts.append(mail.write_eml(msg, out, f"{r.month}月催报_{r.unit}"))
    text = (f"{month} 月催报：为 {len(drafts)} 个单位写好邮件草稿，保存在：\n{out}\n"
            f"双击 .eml 文件用邮件客户端打开、核对后发送。主台账没有改动。")
    if sender is None:
        text += "\n\n“单位通讯录”中县政府督查室没有电子邮箱：草稿未填发件人，发送时由邮件客户端填写。"
    if plan.no_address:
        text += "\n\n没有邮箱、未写草稿的单位：" + "、".join(r.unit for r in plan.no_address)
    if plan.already_sent:
        text += "\n\n日志显示已发过相同提醒的单位：" + "、".join(r.unit for r, _ in plan.already_sent)
    return text

