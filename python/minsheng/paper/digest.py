"""One-page digests, one per 分管县领导: the leader's own items, their lights, what needs attention.

The same document model as the bulletin (``minsheng.paper.bulletin``), laid out compact.
Texts are the units' own words, shortened so the page stays one page; the bulletin
carries them in full.
"""

from __future__ import annotations

from datetime import date

from minsheng.paper.bulletin import ORDER, refused_units
from minsheng.paper.document import Document, Heading, Para, Table
from minsheng.paper.wording import averages, counts, details, explanation, label, units_text as _units
from minsheng.model import layout as L
from minsheng.model.cadence import QUARTERLY, period_name
from minsheng.model.settings import Settings
from minsheng.model.book import Book
from minsheng.model.catalogue import split_list
from minsheng.status import shared
from minsheng.status.counting import counted
from minsheng.status.progress import IndicatorProgress, Progress, pct, points

SHORT = 60  # characters of 存在问题 / 下步措施 kept on the page


def leaders(progress: Progress, book: Book) -> dict[str, list[IndicatorProgress]]:
    """Indicators per 分管县领导, in catalogue order; an item with several leaders is in each one's
    digest, an item with none in nobody's."""
    rows = details(book, progress.month)
    out: dict[str, list[IndicatorProgress]] = {}
    for i in progress.indicators:
        for name in split_list(str(rows.get((i.id, i.indicator), {}).get("分管县领导") or "")):
            out.setdefault(name, []).append(i)
    return out


def digest(leader: str, indicators: list[IndicatorProgress], progress: Progress, book: Book, settings: Settings,
           day: date, issuer: str | None = None) -> Document:
    month, year = progress.month, settings.year
    issuer = issuer or settings.place.issuer
    rows = details(book, month)
    period = period_name(month, settings.cadence)  # 3月, or 一季度 under 报送周期 季, as the bulletin says
    doc = Document("民生实事推进情况摘要", f"{year}年{period}", f"{leader}同志分管的{year}年{period}民生实事推进情况",
                   f"{leader}同志：", issuer, day, compact=True)
    once = counted(indicators, settings)  # a sub-target indicator counts once, its parts listed beneath
    n = counts(once)
    done, plan = averages(once)
    b = doc.blocks
    missing, sent_back = _sent_back([i for i in indicators if i.status == "未报送"], progress, book)
    back = sum(1 for i in once if i in sent_back)  # as the table says: 已退回 apart from 未报送
    b.append(Para(f"您分管的{len(once)}个指标中，已完成{n['已完成']}个，正常{n['正常']}个，滞后{n['滞后']}个，"
                  f"严重滞后{n['严重滞后']}个，未报送{n['未报送'] - back}个" + (f"，已退回{back}个" if back else "")
                  + f"；已报送指标平均完成率{pct(done)}，平均时序进度{pct(plan)}。"))
    b.append(Table("分管指标一览", ["编号", "指标", "责任单位", "完成率", "时序进度", "状态"],
                   [[i.id, label(i, 15), _units(i), pct(i.completion), pct(i.time_progress), shown_status(i, sent_back)]
                    for i in indicators], [1.2, 4.8, 4.2, 1.6, 1.8, 1.8], status_column=5, left=(1, 2)))
    attention = sorted((i for i in indicators if i.status in ORDER),
                       key=lambda i: (ORDER[i.status], -(i.deviation or 0), i.id))
    b.append(Heading("需要关注"))
    if not attention and not missing:
        b.append(Para(f"{'本季度' if settings.cadence == QUARTERLY else '本月'}分管指标均按计划推进。"))
    before = details(book, month - 1) if month > 1 and L.month_sheet(month - 1) in book else {}
    for i in attention:
        problem = _short(explanation(rows, before, i, "存在问题"))
        step = _short(explanation(rows, before, i, "下步措施"))
        b.append(Para(f"{i.id} {label(i)}（{_units(i)}）落后时序进度{points(i.deviation)}。"
                      f"存在问题：{problem}下步措施：{step}", f"{i.status}："))
    if missing:
        b.append(Para(f"{len(missing)}个指标未报送（{_ids(missing)}），涉及{_unit_names(missing)}，"
                      f"{_follow(settings)}已催报。", "未报送："))
    if sent_back:
        b.append(Para(f"{len(sent_back)}个指标的报表未通过校验、已退回（{_ids(sent_back)}），涉及{_unit_names(sent_back)}，"
                      "请更正后重报。", "已退回："))
    return doc


def shown_status(indicator: IndicatorProgress, sent_back: list[IndicatorProgress]) -> str:
    """The 状态 the digest's table shows: 已退回 for an indicator whose unit's report was refused (as
    the paragraph under 需要关注 says), else the indicator's own status."""
    return "已退回" if indicator in sent_back else indicator.status


def _sent_back(missing: list[IndicatorProgress], progress: Progress,
               book: Book) -> tuple[list[IndicatorProgress], list[IndicatorProgress]]:
    """The indicators not reported, split as the bulletin splits them: still missing, and those whose
    unit's report was refused (报送记录 已退回, or taken with rows 校验 rejected)."""
    answering = shared.by_answering_unit(progress, shared.returned(book, progress.month))
    refused = refused_units(book, progress.month)
    back = [i for i in missing if any(u in refused and i in items for u, items in answering.items())]
    return [i for i in missing if i not in back], back


def _ids(indicators: list[IndicatorProgress]) -> str:
    return "、".join(dict.fromkeys(i.id for i in indicators))


def _unit_names(indicators: list[IndicatorProgress]) -> str:
    return "、".join(dict.fromkeys(u for i in indicators for u in i.units))


def digests(progress: Progress, book: Book, settings: Settings, day: date) -> dict[str, Document]:
    return {name: digest(name, items, progress, book, settings, day)
            for name, items in leaders(progress, book).items()}


def _short(text: str) -> str:
    text = text.replace("\n", " ").strip()
    if text and text[-1] not in "。；;.!！":
        text += "。"
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def _follow(settings: Settings) -> str:
    """Who chases the units: 督查室, or the office by its name when it is not one (区发改委)."""
    office = settings.place.office
    return "督查室" if office.endswith("督查室") else office
