"""A cell's value as the text a key or a catalogue field compares: one reading for every reader."""

from __future__ import annotations

from datetime import datetime


def cell_text(value: object) -> str:
    """``None`` → "", a whole float → its integer digits (``3.0`` → "3", as Excel shows it), other
    values as ``str``, surrounding spaces stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def cell_time(value: object) -> datetime | None:
    """A 时间 cell (日志, 计划's 确定日期) as a datetime: a datetime as it is, ISO text such as
    "2024-04-08 10:00:00" parsed, anything else ``None``."""
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None
