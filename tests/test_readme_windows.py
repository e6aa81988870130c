"""The README's Windows section says what the code does: buttons, entry points, commands, UDFs, settings."""

from __future__ import annotations

import re
from pathlib import Path

import minsheng_udfs

from minsheng.builder import vba
from minsheng import xl
from minsheng.cli import COMMANDS
from minsheng.builder.xlconf import XLWINGS_SETTINGS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
WINDOWS = README[README.index("## Windows"):]


def button_rows() -> list[tuple[str, str, str]]:
    return re.findall(r"^\| (\S+) \| `(minsheng\.xl\.\w+)` \| `minsheng (\w+) [^`]*` \|$", WINDOWS, re.M)


def test_the_button_table_is_the_ribbon():
    rows = button_rows()
    assert [(label, target) for label, target, _ in rows] == [(label, target) for label, _, target in vba.RIBBON_BUTTONS]
    for _, target, command in rows:
        assert callable(getattr(xl, target.rsplit(".", 1)[1]))
        assert command in COMMANDS


def test_named_functions_settings_and_folders_exist():
    for name in set(re.findall(r"\bMS_[A-Z_]+\b", WINDOWS)):
        assert callable(getattr(minsheng_udfs, name)), name
    assert dict(XLWINGS_SETTINGS)["PYTHONPATH"] in WINDOWS
    for folder in (xl.SEND_FOLDER, xl.RETURNS_FOLDER, xl.BULLETIN_FOLDER, xl.REMIND_FOLDER):
        assert f"`{folder}" in WINDOWS
    assert r"%TEMP%\minsheng\错误记录.txt" in WINDOWS and xl.ERROR_LOG.name == "错误记录.txt"
