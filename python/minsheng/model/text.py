"""A cell's value as the text a key or a catalogue field compares: one reading for every reader."""

from __future__ import annotations


def cell_text(value: object) -> str:
    """``None`` → "", a whole float → its integer digits (``3.0`` → "3", as Excel shows it), other
    values as ``str``, surrounding spaces stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
