"""生成通报: the month's bulletin as a document model, before any Word formatting.

``bulletin(progress, book, ...)`` turns the month's ``Progress`` (``minsheng.status.progress``)
and the texts units reported (进展情况 / 存在问题 / 下步措施, read from the month's
sheet by 项目编号 + 指标, verbatim) into a ``Document``: headings, paragraphs, tables
and a bar chart (``minsheng.paper.document``), worded by ``minsheng.paper.wording``.
``minsheng.paper.word`` lays it out as a county bulletin; ``text()`` gives its plain text for
golden-file tests. Leaders' one-page digests are in
``minsheng.paper.digest``.
"""

from __future__ import annotations

from datetime import date

from minsheng.model import formulas as F
from minsheng.model.cadence import QUARTERLY, period_name, periods_word
from minsheng.model import layout as L
from minsheng.model import milestones
from minsheng.model.deadlines import due_date
from minsheng.model.settings import Settings
from minsheng.model.book import Book
from minsheng.paper.adjustments import adjustments
from minsheng.paper.document import Bar, Chart, Document, Heading, Para, Table, cn_date  # noqa: F401 (re-exported)
from minsheng.paper.wording import (UNEXPLAINED, averages, counts, details, done_text, explanation,  # noqa: F401
                                    group, label, money_text, text_of, units_text, whole_text)
from minsheng.roundtrip import roster
from minsheng.status import shared
from minsheng.status.counting import Counted, counted
from minsheng.status.progress import IndicatorProgress, Progress, pct, points

NUMERALS = "一二三四五六七八九十"
EXPLAINED = ("存在问题", "下步措施")
ORDER = {F.OVER: 0, "严重滞后": 0, "滞后": 1}
ROLL_UP = ("完成率按已报送指标计（单项超过100%按100%计，未报送不计入），金额类指标不与数量、比率指标平均，"
           "另按Σ完成/Σ目标合计；超出控制目标的计入严重滞后。")


def refused_units(book: Book, month: int) -> set[str]:
    """Units whose report for the month did not go in: the file refused (报送记录 已退回), or taken
    (已报送) with rows 校验 rejected and left out: both are 已退回, not 未报送."""
    return {unit for unit, (_, record) in roster.current(book, month).items()
            if str(record.get("状态") or "").strip() in (roster.RETURNED, roster.SENT)}


def by_category(tallied: list, rows: dict) -> dict[str, list]:
    """``counting.counted``'s rows by 项目类别, in the order the categories first come: a sub-target
    whole goes by its first part's row (its parts share its 项目编号, so its category)."""
    out: dict[str, list] = {}
    for c in tallied:
        first = c.parts[0] if isinstance(c, Counted) else c
        out.setdefault(str(rows.get((first.id, first.indicator), {}).get("项目类别") or "（未注明）"), []).append(c)
    return out


def bulletin(progress: Progress, book: Book, settings: Settings, day: date, issuer: str | None = None) -> Document:
    month, year = progress.month, settings.year
    issuer = issuer or settings.place.issuer
    rows = details(book, month)
    before = details(book, month - 1) if month > 1 and L.month_sheet(month - 1) in book else {}
    indicators = progress.indicators
    quarterly = settings.cadence == QUARTERLY  # 报送周期 季: 一季度 …, 第1期 for March
    this = "本季度" if quarterly else "本月"
    doc = Document("民生实事督查通报", f"{year}年第{month // 3 if quarterly else month}期",
                   f"关于{year}年{period_name(month, settings.cadence)}民生实事推进情况的通报",
                   "各责任单位：", issuer, day, copies=settings.place.copies)
    tallied = counted(indicators, settings)  # once: a sub-target indicator counts once, its parts listed beneath
    n = counts(tallied)
    done, plan = averages(tallied)
    b = doc.blocks
    b.append(Para(f"为推动{year}年民生实事项目落地见效，{issuer}对截至{month}月底各项目推进情况进行了调度。"
                  "现将有关情况通报如下："))
    section = iter(NUMERALS)

    b.append(Heading(f"{next(section)}、总体进展"))
    b.append(Para(f"{settings.place.whole}{sum(n.values())}个民生实事指标中，已完成{n['已完成']}个，正常推进{n['正常']}个，"
                  f"滞后{n['滞后']}个，严重滞后{n['严重滞后']}个，未报送{n['未报送']}个。已报送指标平均完成率"
                  f"{pct(done)}，平均时序进度{pct(plan)}。{money_text(indicators)}"))
    if any(i.kind not in ("", F.CUMULATIVE) for i in indicators):  # a list of counts alone reads as before
        b.append(Para(ROLL_UP, "注："))
    as_counted = {(c.id, c.indicator): c for c in tallied if isinstance(c, Counted)}
    for whole in shared.wholes(progress):
        b.append(Para(whole_text(whole, as_counted.get((whole.id, whole.indicator)), settings.cadence)))
    table_rows, bars = [], []
    for k, (category, items) in enumerate(by_category(tallied, rows).items(), start=1):
        c, (d, t) = counts(items), averages(items)
        table_rows.append([str(k), category, str(sum(c.values())), str(c["已完成"]), str(c["正常"]), str(c["滞后"]),
                           str(c["严重滞后"]), str(c["未报送"]), pct(d)])
        light = F.status(d, t, settings.yellow, settings.red) if d is not None else "未报送"
        if light == "已完成" and c["已完成"] < sum(c.values()):  # done on average is not done
            light = "正常"
        bars.append(Bar(category, d, t, light))
    b.append(Table("表1  各类别推进情况", ["序号", "类别", "指标", "已完成", "正常", "滞后", "严重滞后", "未报送", "完成率"],
                   table_rows, [1.2, 4.0, 1.2, 1.5, 1.2, 1.2, 1.9, 1.5, 1.8], left=(1,)))
    b.append(Chart("图1  各类别平均完成率与时序进度", bars))

    finished = [i for i in indicators if i.status == "已完成"]
    b.append(Heading(f"{next(section)}、已完成项目"))
    if not finished:
        b.append(Para(f"{this}暂无完成全年目标的指标。"))
    for k, i in enumerate(finished, start=1):
        amount = done_text(i, text_of(rows, i, "计量单位"))
        b.append(Para(f"{k}. {i.id} {label(i)}（{units_text(i)}）：{amount}。{text_of(rows, i, '进展情况')}"))

    behind = sorted((i for i in indicators if i.status in ORDER),
                    key=lambda i: (ORDER[i.status], -(i.deviation or 0), i.id))
    b.append(Heading(f"{next(section)}、进度滞后项目"))
    if not behind:
        b.append(Para(f"{this}没有落后于时序进度的指标。"))
    else:
        over, severe = sum(i.status == F.OVER for i in behind), counts(behind)['严重滞后']
        what = "完成率落后于时序进度或超出控制目标" if over else "完成率落后于时序进度"
        red = f"严重滞后{severe - over}个、超出控制目标{over}个" if over else f"严重滞后{severe}个"
        b.append(Para(f"以下{len(behind)}个指标{what}，其中{red}。存在问题和下步措施为责任单位报送原文；"
                      "未填写、填“无”、照抄上月或只有套话的，记为未说明。"))
        b.append(Table("表2  进度滞后指标", ["编号", "指标", "责任单位", "完成率", "时序进度", "落后", "状态"],
                       [[i.id, label(i, 16), units_text(i), pct(i.completion), pct(i.time_progress),
                         points(i.deviation).replace("个百分点", "点"), i.status] for i in behind],
                       [1.2, 3.3, 3.8, 1.6, 1.9, 1.9, 1.8], status_column=6, left=(1, 2)))  # 县住房和城乡建设局 on one line
        for k, i in enumerate(behind):
            b.append(Heading(f"（{NUMERALS[k] if k < 10 else k + 1}）{i.id} {label(i)}（{units_text(i)}，{i.status}）", 2))
            if i.kind == F.MILESTONE:  # which node is late, in the notice's words
                node = milestones.late(milestones.read(text_of(rows, i, "节点"))[0], i.actual, month, i.status)
                if node:
                    b.append(Para(node, "节点："))
            said = {header: explanation(rows, before, i, header) for header in EXPLAINED}
            if set(said.values()) == {UNEXPLAINED}:  # one line, not two alike
                b.append(Para(UNEXPLAINED, f"{'、'.join(EXPLAINED)}："))
            else:
                b.extend(Para(text, f"{header}：") for header, text in said.items())

    answering = shared.by_answering_unit(progress, shared.returned(book, month))  # a partner is not chased
    missing = {u: [i for i in items if i.status == "未报送"] for u, items in answering.items()}
    missing = {u: items for u, items in missing.items() if items}
    refused = refused_units(book, month)
    sent_back = {u: items for u, items in missing.items() if u in refused}
    missing = {u: items for u, items in missing.items() if u not in refused}
    b.append(Heading(f"{next(section)}、未报送情况"))
    if not missing and not sent_back:
        b.append(Para("各责任单位均已按时报送。"))
    if missing:
        b.append(Para(f"截至通报日，{len(missing)}个单位尚有指标未报送进展：{_listing(missing)}。"))
    if sent_back:
        b.append(Para(f"{len(sent_back)}个单位的报表已退回，下列指标未通过校验、未并入，请更正后重报："
                      f"{_listing(sent_back)}。"))

    ranked = progress.units()
    if ranked:
        b.append(Heading(f"{next(section)}、责任单位推进情况"))
        b.append(Table("表3  责任单位推进情况排名", ["排名", "责任单位", "指标", "已完成", "正常", "滞后", "严重滞后", "未报送"],
                       [[str(u["rank"]), u["unit"], str(u["indicators"]), str(u["done"]), str(u["green"]),
                         str(u["yellow"]), str(u["red"]), str(u["missing"])] for u in ranked],
                       [1.2, 4.6, 1.2, 1.5, 1.2, 1.2, 1.9, 1.5], left=(1,)))

    changed = adjustments(book, year, month, day)
    if changed:  # 调整计划的项目: only when a plan was changed; a bulletin without reads as before
        b.append(Heading(f"{next(section)}、调整计划的项目"))
        b.append(Para(f"本期有{len(changed)}个指标调整了已确定的逐月计划（截至各月底的累计计划数，原计划 → 新计划），"
                      "时序进度按新计划计算。"))
        number = 1 + max(int(x.caption[1:].split()[0]) for x in b if isinstance(x, Table))  # after 表3, even without 表2
        b.append(Table(f"表{number}  调整计划的指标", ["编号", "指标", "责任单位", "调整内容", "调整日期"],
                       [[a.item, a.indicator, a.unit, a.change, f"{a.when.month}月{a.when.day}日"] for a in changed],
                       [1.2, 2.7, 3.4, 5.8, 2.3], left=(1, 2, 3)))

    b.append(Heading(f"{next(section)}、下步督办建议"))
    for k, text in enumerate(measures(n, len(missing) + len(sent_back), month, settings, day), start=1):
        b.append(Para(f"{k}. {text}"))
    return doc


def measures(n: dict[str, int], missing_units: int, month: int, settings: Settings, day: date) -> list[str]:
    """Proposed 督办 measures, one per situation that occurs this month (the clerk edits them)."""
    due = due_date(settings.year, month, settings.due_day)
    office, leader = settings.place.office, settings.place.leader
    follow = "督查室" if office.endswith("督查室") else office
    out = []
    if n["严重滞后"]:
        out.append(f"对{n['严重滞后']}个严重滞后指标实行挂牌督办，责任单位于{due.month}月{due.day}日前"
                   f"向{office}书面报告原因和整改措施，{follow}跟踪问效。")
    if n["滞后"]:
        out.append(f"对{n['滞后']}个滞后指标发送督办提醒，责任单位在下{'季度' if settings.cadence == QUARTERLY else '月'}报送中说明赶进措施和完成时限；"
                   f"连续{settings.escalate}{periods_word(settings.cadence)}滞后的，按严重滞后督办。")
    if missing_units:
        when = "立即补报" if day > due else f"于{due.month}月{due.day}日前报送"
        out.append(f"对{missing_units}个未按时报送的单位进行催报，请{when}；连续两{periods_word(settings.cadence)}未报送的，提请{leader}约谈。")
    out.append(f"请各{leader}督促分管领域责任单位对照全年目标倒排工期，确保民生实事按期完成。")
    return out


def _listing(units: dict[str, list[IndicatorProgress]]) -> str:
    """县民政局5项（4-2、4-3）；县残联1项（5-1）."""
    return "；".join(f"{u}{len(items)}项（{'、'.join(dict.fromkeys(i.id for i in items))}）" for u, items in units.items())
