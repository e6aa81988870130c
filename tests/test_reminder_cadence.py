"""A reminder and a plan name their period from the 报送周期 (model.cadence), one fallback for both."""

from __future__ import annotations

from datetime import date

from minsheng.mail import reminders


def reminder(month: int, *cadence: str) -> reminders.Reminder:
    return reminders.Reminder("县民政局", 2025, month, date(2025, month, 28), (), (), None, None, *cadence)


def test_the_period_and_this_period_follow_the_cadence():
    seen = [(r.period_name, r.this_period) for r in
            (reminder(3), reminder(3, "月"), reminder(3, "季"), reminder(12, "季"), reminder(4, "季"))]
    assert seen == [("3月", "本月"), ("3月", "本月"), ("一季度", "本季度"), ("四季度", "本季度"), ("4月", "本月")]


def test_a_plan_names_its_period_as_its_reminders_do():
    assert [reminders.Plan(2025, 6, *c).to_dict()["period"] for c in ((), ("月",), ("季",))] == ["6月", "6月", "二季度"]
    assert reminders.Plan(2025, 6, "季").period == reminder(6, "季").period_name
