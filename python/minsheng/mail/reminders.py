"""催报提醒: which units get a reminder this month, and what it says.

Pure decisions on plain data: the month's ``Progress`` (``minsheng.status.progress``), the
contacts, the master's 日志 and the settings go in; reminders come out, split into
those to send, those without an address (reported, never skipped silently) and
those the log says were already sent. Sending and writing are elsewhere
(``minsheng.mail.send``, ``minsheng.jobs.remind``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from minsheng.check.rules.plan import BEHIND  # chased as lagging: a ceiling exceeded (以内) too
from minsheng.model import formulas as F
from minsheng.model import layout as L
from minsheng.model.cadence import MONTHLY, QUARTERLY, is_report_month, period_name
from minsheng.model.deadlines import due_date
from minsheng.model.contacts import Contact, Contacts
from minsheng.model.place import Place
from minsheng.model.book import Book
from minsheng.status import shared
from minsheng.status.progress import IndicatorProgress, Progress, pct, points

ACTION = "催报提醒"
MISSING = "未报送"


@dataclass(frozen=True)
class Reminder:
    unit: str
    year: int
    month: int
    due: date
    missing: tuple[IndicatorProgress, ...]  # status 未报送
    behind: tuple[IndicatorProgress, ...]  # 滞后 / 严重滞后 / 超出控制目标
    contact: Contact | None
    attachment: Path | None = None
    cadence: str = MONTHLY  # 配置 报送周期: 月 or 季 (``model.cadence``)

    @property
    def period_name(self) -> str:
        """The period the reminder is about, as the subject, body and 日志 say it: 3月, or 一季度
        under 报送周期 季 (``model.cadence.period_name``)."""
        return period_name(self.month, self.cadence)

    @property
    def this_period(self) -> str:
        """本月, or 本季度 when the 报送周期 is 季 and this is a quarter's report month."""
        return "本季度" if self.cadence == QUARTERLY and is_report_month(self.month, self.cadence) else "本月"

    @property
    def to(self) -> tuple[str, ...]:
        return self.contact.emails if self.contact else ()

    @property
    def reason(self) -> str:
        parts = []
        if self.missing:
            parts.append(f"未报送{len(self.missing)}项")
        lagging, over = self.lagging, len(self.behind) - len(self.lagging)
        if lagging:
            red = sum(1 for i in lagging if i.status == "严重滞后")
            parts.append(f"滞后{len(lagging)}项" + (f"（其中严重滞后{red}项）" if red else ""))
        if over:
            parts.append(f"超出控制目标{over}项")
        return "、".join(parts)

    @property
    def lagging(self) -> tuple[IndicatorProgress, ...]:
        """The rows behind plan (滞后, 严重滞后), not the ceilings exceeded."""
        return tuple(i for i in self.behind if i.status != F.OVER)

    @property
    def what(self) -> str:
        """What the ``behind`` rows are, in the reminder's words: 进度滞后, 超出控制目标 or both."""
        over = len(self.lagging) < len(self.behind)
        return "进度滞后或超出控制目标" if over and self.lagging else "超出控制目标" if over else "进度滞后"

    @property
    def fingerprint(self) -> str:
        """The same unit, month and situation give the same fingerprint: the log's key."""
        lines = sorted(f"{i.id}|{i.indicator}|{i.status}" for i in self.missing + self.behind)
        text = "\n".join([ACTION, str(self.year), str(self.month), self.unit, *lines])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict:
        return {"unit": self.unit, "to": list(self.to), "reason": self.reason,
                "missing": [_brief(i) for i in self.missing], "behind": [_brief(i) for i in self.behind],
                "attachment": self.attachment.name if self.attachment else None,
                "fingerprint": self.fingerprint}


@dataclass
class Plan:
    year: int
    month: int
    cadence: str = MONTHLY  # 配置 报送周期: 月 or 季 (``model.cadence``)
    send: list[Reminder] = field(default_factory=list)
    no_address: list[Reminder] = field(default_factory=list)
    already_sent: list[tuple[Reminder, str]] = field(default_factory=list)  # with the log's time

    @property
    def period(self) -> str:
        """How people name the month's period: 3月, or 一季度 under 报送周期 季 (``model.cadence``)."""
        return period_name(self.month, self.cadence)

    def to_dict(self) -> dict:
        return {"month": self.month, "period": self.period, "send": [r.to_dict() for r in self.send],
                "no_address": [{**r.to_dict(), "problem": no_address_reason(r)} for r in self.no_address],
                "already_sent": [{**r.to_dict(), "sent_at": when} for r, when in self.already_sent]}


def sent_log(book: Book, action: str = ACTION) -> dict[str, str]:
    """Fingerprint → time of each message of this kind (操作) the master's 日志 records as sent."""
    if L.LOG_SHEET not in book:
        return {}
    out = {}
    for _, record in book[L.LOG_SHEET].records():
        if str(record.get("操作") or "").strip() == action and record.get("sha256"):
            out.setdefault(str(record["sha256"]).strip(), str(record.get("时间") or ""))
    return out


def plan(progress: Progress, contacts: Contacts, *, year: int, due_day: int, sent: dict[str, str] | None = None,
         attachments: dict[str, Path] | None = None, only: set[str] | None = None, resend: bool = False,
         returned: set[str] | None = None, cadence: str = MONTHLY) -> Plan:
    """Decide the month's reminders, per responsible unit as ``progress`` read them. ``only`` limits
    them to some units; ``resend`` ignores the log. A partner of a shared row is not chased for it
    once the lead has reported (``returned``: the units 报送记录 records as 已报送 this month).
    ``cadence`` (配置 报送周期: 月 or 季) names the period the reminders speak of: 3月 or 一季度."""
    month = progress.month
    due = due_date(year, month, due_day)
    sent, attachments = sent or {}, attachments or {}
    out = Plan(year, month, cadence)
    for unit, indicators in shared.by_answering_unit(progress, returned or set()).items():
        if only is not None and unit not in only:
            continue
        missing = tuple(i for i in indicators if i.status == MISSING)
        behind = tuple(i for i in indicators if i.status in BEHIND)
        if not missing and not behind:
            continue
        reminder = Reminder(unit, year, month, due, missing, behind, contacts.unit(unit), attachments.get(unit),
                            cadence)
        if not reminder.to:
            out.no_address.append(reminder)
        elif reminder.fingerprint in sent and not resend:
            out.already_sent.append((reminder, sent[reminder.fingerprint]))
        else:
            out.send.append(reminder)
    return out


def no_address_reason(reminder: Reminder) -> str:
    contact = reminder.contact
    if contact is None:
        return f"“{L.CONTACTS_SHEET}”中没有“{reminder.unit}”这一行，请补上单位和电子邮箱。"
    if contact.bad:
        return (f"“{L.CONTACTS_SHEET}”{contact.cell} 的“{'、'.join(contact.bad)}”不是有效的电子邮箱，"
                "请改为完整地址，如 rsj@weishan.gov.cn。")
    return f"“{L.CONTACTS_SHEET}”{contact.cell} 电子邮箱为空，请填写后再发。"


def log_row(reminder: Reminder, accepted: tuple[str, ...], when: datetime) -> list:
    """One 日志 row (LOG_HEADERS: 时间, 操作, 文件, sha256, 单位, 内容) for a reminder sent."""
    return [when.strftime("%Y-%m-%d %H:%M:%S"), ACTION, reminder.attachment.name if reminder.attachment else "",
            reminder.fingerprint, reminder.unit,
            f"{reminder.year}年{reminder.period_name}：{reminder.reason}；已发送至 {'、'.join(accepted)}"]


def _brief(indicator: IndicatorProgress) -> dict:
    return {k: getattr(indicator, k) for k in ("id", "indicator", "status", "completion", "time_progress")}


def find_attachments(folder: Path, units: list[str], month: int) -> dict[str, Path]:
    """Each unit's fill-in workbook for ``month`` in ``folder`` (as ``minsheng split`` names them,
    ``2024年3月填报表_县民政局.xlsx``): the .xlsx whose name holds the unit's name (the longest name
    wins) and this month (``3月``, not ``12月`` or ``2月``). A file naming no month at all is taken
    only when the unit has none for this month; a file for another month never is."""
    this_month = re.compile(rf"(?<!\d){month}月")
    found: dict[str, tuple[int, Path]] = {}
    for path in sorted(Path(folder).glob("*.xlsx")):
        names = [u for u in units if u in path.stem]
        if path.name.startswith(("~$", ".~")) or not names:
            continue
        if this_month.search(path.stem):
            rank = 0
        elif not re.search(r"\d月", path.stem):
            rank = 1
        else:
            continue
        unit = max(names, key=len)
        if unit not in found or rank < found[unit][0]:
            found[unit] = (rank, path)
    return {unit: path for unit, (_, path) in found.items()}


# --- what a reminder says ---------------------------------------------------------------------

def subject(reminder: Reminder, today: date | None = None) -> str:
    """The subject line; after the due day (``today`` later than it) it says the return is overdue
    instead of asking for it by a day already past."""
    what = "请报送" if reminder.missing else "请说明滞后原因" if reminder.lagging else "请说明超出控制目标原因"
    when = f"截止{_md(reminder.due)}，已逾期" if today is not None and today > reminder.due else f"{_md(reminder.due)}前"
    return f"【催报】{reminder.year}年{reminder.period_name}民生实事进展{what}（{reminder.unit}，{when}）"


def body(reminder: Reminder, office: Contact | None, today: date, office_name: str = Place().office) -> str:
    """The reminder's text, signed by the office's 单位通讯录 row, else by ``office_name`` (配置's
    ``Place.office``: 区发改委, 区政府督查室 …; the embedded 微山 master's by default)."""
    person = reminder.contact.person if reminder.contact and reminder.contact.person else ""
    lines = [f"{reminder.unit}{'（' + person + '）' if person else ''}：", ""]
    late = today > reminder.due
    lines.append(f"    {reminder.year}年{reminder.period_name}民生实事进展应于{_md(reminder.due)}前报送"
                 + ("，现已超过截止日期" if late else "") + f"。贵单位负责的指标中，{reminder.reason}：")
    lines.append("")
    n = 0
    if reminder.missing:
        lines.append(f"一、尚未报送（{len(reminder.missing)}项）")
        for n, i in enumerate(reminder.missing, start=1):
            lines.append(f"    {n}. {i.id} {i.item or ''}——{i.indicator}{_target(i)}")
        lines.append("")
    if reminder.behind:
        lines.append(f"{'二' if reminder.missing else '一'}、{reminder.what}（{len(reminder.behind)}项）")
        for n, i in enumerate(reminder.behind, start=1):
            lines.append(f"    {n}. {i.id} {i.item or ''}——{i.indicator}：{_behind(i)}")
        lines.append("")
    attached = f"附件《{reminder.attachment.name}》" if reminder.attachment else f"{reminder.this_period}填报表"
    by_when = "尽快" if late else f"于{_md(reminder.due)}前"
    if reminder.missing:
        lines.append(f"    请在{attached}中填写累计完成（或形象进度）、进展情况、存在问题、下步措施，"
                     f"{by_when}报回本邮箱。")
        if reminder.behind:
            lines.append(f"    {reminder.what}的指标，请在“存在问题”“下步措施”中写明原因、{_steps(reminder)}和完成时限。")
        lines.append("    已报送的请忽略本提醒。" if not reminder.behind else "    第一项所列指标如已报送，可忽略该项。")
    else:  # the unit did report: nothing to ignore, what is asked is an explanation
        lines.append(f"    贵单位{reminder.this_period}报表已收到。以上指标{reminder.what}，请在" + attached + "的“存在问题”“下步措施”中"
                     f"写明原因、{_steps(reminder)}和完成时限，{by_when}报回本邮箱。")
    lines.append("")
    sign = [office.name if office else office_name]
    if office and (office.person or office.phone):
        sign.append("联系人：" + "，".join(p for p in (office.person, office.phone) if p))
    sign.append(f"{today.year}年{today.month}月{today.day}日")
    lines.extend(sign)
    return "\n".join(lines) + "\n"


def _behind(i: IndicatorProgress) -> str:
    """A row chased as lagging: its rates and points behind, or a ceiling's limit and figure."""
    if i.status == F.OVER:
        return f"控制在{_num(i.target)}{i.measure}以内，现为{_num(i.actual)}{i.measure}（{i.status}）"
    return f"完成率{pct(i.completion)}，时序进度{pct(i.time_progress)}，落后{points(i.deviation)}（{i.status}）"


def _steps(reminder: Reminder) -> str:
    """What a lagging unit is asked to plan: 赶进措施 to catch up, 控制措施 to come back under a ceiling."""
    if not reminder.lagging:
        return "控制措施"
    return "赶进措施" if len(reminder.lagging) == len(reminder.behind) else "赶进、控制措施"


def _num(value) -> str:
    return "—" if value is None else f"{value:g}" if isinstance(value, (int, float)) else str(value)


def _target(indicator: IndicatorProgress) -> str:
    target = indicator.target
    if target is None:
        return ""  # the indicator is 形象进度 itself
    return f"（目标{target:g}）" if isinstance(target, (int, float)) else f"（目标{target}）"


def _md(day: date) -> str:
    return f"{day.month}月{day.day}日"
