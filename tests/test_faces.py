"""Each job once, two faces: a ribbon button and its CLI command call the same ``minsheng.jobs`` function.

The job is replaced by a stand-in that records which engine it was handed and stops; the CLI
command runs on the master file, the button (through xlwings' remote interpreter, as in
test_xl_buttons.py) on the same master as the calling workbook. Both must reach the stand-in:
a face that grew its own copy of the job would not.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from excel_payload import alerts

from minsheng import cli, xl
from minsheng.model import layout as L


class Reached(Exception):
    """The stand-in job was called."""


def cli_args(name: str, master: Path, tmp: Path) -> list[str]:
    month = ["--month", "3"]
    return {
        "validate": ["validate", str(master), *month],
        "split": ["split", str(master), *month, "--out", str(tmp / "下发")],
        "consolidate": ["consolidate", str(master), str(tmp / "回收"), *month],
        "status": ["status", str(master), *month],
        "bulletin": ["bulletin", str(master), *month, "--out", str(tmp / "通报.docx")],
        "remind": ["remind", str(master), *month, "--eml-dir", str(tmp / "草稿")],
        "plan_split": ["split", str(master), "--plan", "--out", str(tmp / "下发计划")],
        "plan_merge": ["consolidate", str(master), str(tmp / "回收"), "--plan"],
    }[name]


COMMAND = {"plan_split": "split", "plan_merge": "consolidate"}  # a job whose command is another's with --plan
JOBS = ["validate", "split", "consolidate", "status", "bulletin", "remind", "plan_split", "plan_merge"]


@pytest.mark.parametrize("name", JOBS)
def test_the_button_and_the_command_call_the_same_job(name, remote, master, tmp_path, monkeypatch):
    module = importlib.import_module(f"minsheng.jobs.{name}")
    engines = []

    def stand_in(engine, *args, **kwargs):
        engines.append(type(engine).__name__)
        raise Reached(name)

    monkeypatch.setattr(module, name, stand_in)
    monkeypatch.setattr(xl, "ERROR_LOG", tmp_path / "错误记录.txt")
    (tmp_path / "回收").mkdir()

    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the CLI writes an internal error's details
    assert cli.main(cli_args(name, master, tmp_path)) == cli.INTERNAL  # the stand-in's exception: exit 3
    assert "Reached" in next(tmp_path.glob(f"minsheng-{COMMAND.get(name, name)}-*.txt")).read_text(encoding="utf-8")
    assert engines == ["FileEngine"]

    book = remote(master, active=L.month_sheet(3))  # its folder is the cwd (tmp_path)
    returned = Path.cwd() / xl.RETURNS_FOLDER / "3月"
    returned.mkdir()
    (returned / "2024年3月填报表_县民政局.xlsx").write_bytes(b"")  # the button looks for a file first
    (Path.cwd() / xl.RETURNS_FOLDER / xl.PLAN_FOLDER).mkdir()
    (Path.cwd() / xl.RETURNS_FOLDER / xl.PLAN_FOLDER / "2024年计划表_县民政局.xlsx").write_bytes(b"")
    getattr(xl, name)()
    [message] = alerts(book)
    assert f"没有完成：{name}" in message, message
    assert engines == ["FileEngine", "Excel"]


def test_every_button_has_a_job_and_a_command():
    """The entry points ``Ribbon.bas`` calls each have a job module of the same name and a CLI command
    (the plan forms' the monthly one's with --plan)."""
    for name in JOBS:
        assert callable(getattr(xl, name))
        assert callable(getattr(importlib.import_module(f"minsheng.jobs.{name}"), name))
        assert COMMAND.get(name, name) in cli.COMMANDS
