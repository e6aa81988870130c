"""How the bulletin and the digests word what they say: an indicator's name and units, what a finished
indicator reached, the roll-up counts and averages, money as sums, and the units' own texts.

Shared by ``minsheng.paper.bulletin`` and ``minsheng.paper.digest``. The units' texts (进展情况 /
存在问题 / 下步措施) are read verbatim from the month's sheet by 项目编号 + 指标; a lagging row's
text that 校验 refuses (``minsheng.check.rules.text.unexplained``) is shown as 未说明.
"""

from __future__ import annotations

from minsheng.model import formulas as F
from minsheng.model.cadence import MONTHLY, periods_word
from minsheng.model.book import Book, is_blank
from minsheng.model.catalogue import part_of
from minsheng.check.rules.text import explanation_refused
from minsheng.status import shared
from minsheng.status.counting import Counted, key
from minsheng.status.progress import IndicatorProgress, pct, tally


def details(book: Book, month: int) -> dict[tuple[str, str], dict]:
    """The month's rows by (项目编号, 指标): category, leader, measure and the units' own texts."""
    return {key: record for key, (_, record) in book.month(month).by_key().items()}


def label(indicator: IndicatorProgress, width: int = 26) -> str:
    """An indicator's name: a sub-target by the indicator it is a part of (its unit is named beside
    it, once: "加装电梯（乙街道，滞后）"); a 形象进度 indicator by its item's short name
    (``IndicatorProgress.label``)."""
    return part_of(indicator.indicator, indicator.units) or indicator.label(width)


def units_text(indicator: IndicatorProgress) -> str:
    """The row's units; a shared row names its lead and its partners: 牵头：县民政局；配合：县财政局."""
    if len(indicator.units) > 1:
        return f"牵头：{indicator.units[0]}；配合：{'、'.join(shared.partners(indicator))}"
    return "、".join(indicator.units)


def whole_text(whole: shared.Whole, counted: Counted | None = None, cadence: str = MONTHLY) -> str:
    """An indicator split among units: the sum people read, then each unit's own part; when the
    whole escalated (``counted``, the sums as ``status.counting`` lit them: 连续滞后 升级 to
    严重滞后, whatever its parts did) that is said too, with the run counted in report periods
    (``cadence``: 个月, or 个季度 under 季)."""
    m = whole.measure
    parts = "、".join(f"{p.units[0]}{num(p.actual)}{m}/{num(p.target)}{m}" if p.actual is not None
                      else f"{p.units[0]}未报送" for p in whole.parts)
    done = f"合计完成{num(whole.actual)}{m}，完成率{pct(whole.completion)}" if whole.actual is not None else "尚无单位报送"
    text = f"{whole.id} {whole.indicator}分解到{len(whole.parts)}个单位，合计目标{num(whole.target)}{m}，{done}（{parts}）"
    if counted is not None and counted.escalated:
        text += f"；合计已连续{counted.lagging_run}{periods_word(cadence)}滞后，升级为严重滞后"
    return text + "。"


def done_text(i: IndicatorProgress, measure: str) -> str:
    """What a finished indicator reached, in its kind's words."""
    if i.kind == F.CLEAR:
        return "已动态清零" + (f"（基期{num(i.base)}{measure}）" if i.base else "")
    if i.kind == F.CEILING:
        return f"控制在{num(i.target)}{measure}以内，现为{num(i.actual)}{measure}"
    if i.kind == F.MILESTONE:
        return f"{num(i.target)}个节点全部完成"
    if i.target is None:
        return "形象进度100%"
    return f"目标{num(i.target)}{measure}，累计完成{num(i.actual)}{measure}"


def counts(indicators: list[IndicatorProgress]) -> dict[str, int]:
    """Lights by status; a ceiling exceeded (超出控制目标) is red, counted with 严重滞后."""
    out = {s: 0 for s in ("已完成", "正常", "滞后", "严重滞后", "未报送")}
    for i in indicators:
        out["严重滞后" if i.status == F.OVER else i.status] += 1
    return out


def averages(indicators: list[IndicatorProgress]) -> tuple[float | None, float | None]:
    """Mean completion (each capped at 100 %) of the reported indicators, mean time progress of all;
    money (金额) is left out, never averaged with counts (see ``money_text``)."""
    rows = [i for i in indicators if i.kind != F.MONEY]
    done = [min(i.completion, 1.0) for i in rows if i.completion is not None]
    plan = [i.time_progress for i in rows if i.time_progress is not None]
    return (sum(done) / len(done) if done else None, sum(plan) / len(plan) if plan else None)


def money_text(indicators: list[IndicatorProgress]) -> str:
    """The money rows rolled up as sums (万元, as 计量单位 says): Σ完成 / Σ目标; "" without money."""
    money = tally(indicators).get("money")
    if not money:
        return ""
    rows = len({key(i) for i in indicators if i.kind == F.MONEY})  # a split indicator once
    unit = next((i.measure for i in indicators if i.kind == F.MONEY and i.measure), "万元")
    done = (f"累计完成{num(money['actual'])}{unit}，占{pct(money['completion'])}，时序进度{pct(money['time_progress'])}"
            if money["actual"] is not None else "尚未报送")
    missing = f"；{money['missing']}个未报送，不计入合计" if money["missing"] and money["actual"] is not None else ""
    return f"金额类指标{rows}个，合计目标{num(money['target'])}{unit}，{done}{missing}。"


def group(indicators: list[IndicatorProgress], rows: dict, header: str) -> dict[str, list[IndicatorProgress]]:
    out: dict[str, list[IndicatorProgress]] = {}
    for i in indicators:
        out.setdefault(str(rows.get((i.id, i.indicator), {}).get(header) or "（未注明）"), []).append(i)
    return out


def text_of(rows: dict, indicator: IndicatorProgress, header: str) -> str:
    value = rows.get((indicator.id, indicator.indicator), {}).get(header)
    return "" if is_blank(value) else str(value).strip()


UNEXPLAINED = "未说明。"


def explanation(rows: dict, before: dict, indicator: IndicatorProgress, header: str) -> str:
    """A lagging row's 存在问题 / 下步措施 as the unit wrote it, or 未说明 when 校验 does not accept it
    (blank, “无”, last month's text again, only stock phrases): the bulletin does not quote such a text as if it explained."""
    key = (indicator.id, indicator.indicator)
    now = rows.get(key, {}).get(header)
    if explanation_refused(now, before.get(key, {}).get(header) if before else None):
        return UNEXPLAINED
    return str(now).strip()


def num(value) -> str:
    return "—" if value is None else f"{value:g}"
