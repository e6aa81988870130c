"""The import boundary: each command loads what it uses, not what the other commands use.

Each command runs for real in a fresh interpreter; at exit the interpreter writes the top-level
packages it had loaded. pandas, python-docx and XlsxWriter cost about half a second and 75 MiB
before any work; consolidate, validate and status use none of them, and the writers that take the
fast patch path do not load openpyxl either.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import REPO

HEAVY = {"pandas", "docx", "xlsxwriter", "openpyxl", "numpy", "pyarrow", "xlwings"}

RUNNER = """
import atexit, json, runpy, sys
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w").write(json.dumps(sorted({m.split(".")[0] for m in sys.modules}))))
sys.argv[0] = "minsheng"
runpy.run_module("minsheng", run_name="__main__")
"""


def loaded(tmp_path, *args) -> set[str]:
    """The heavy top-level packages loaded by ``minsheng *args``."""
    out = tmp_path / "modules.json"
    env = {**os.environ, "PYTHONPATH": str(REPO / "python")}
    done = subprocess.run([sys.executable, "-c", RUNNER, str(out), *map(str, args)],
                          capture_output=True, text=True, env=env)
    assert done.returncode in (0, 1), done.stderr
    return set(json.loads(out.read_text())) & HEAVY


@pytest.fixture(scope="module")
def returned(tmp_path_factory, built_master):
    """The master and a month's fill-in workbooks split from it, as the units send them back."""
    import shutil

    folder = tmp_path_factory.mktemp("imports")
    master = shutil.copy2(built_master, folder / built_master.name)
    done = subprocess.run([sys.executable, "-m", "minsheng", "split", str(master), "--month", "3",
                           "--out", str(folder / "回收")], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO / "python")})
    assert done.returncode == 0, done.stderr
    return master, folder / "回收"


def test_consolidate_validate_and_status_load_no_pandas_docx_xlsxwriter_or_openpyxl(tmp_path, returned):
    master, returns = returned
    assert loaded(tmp_path, "consolidate", master, returns, "--month", "3") == set()
    assert loaded(tmp_path, "status", master, "--month", "3") == set()
    assert loaded(tmp_path, "validate", master, "--month", "3", "--no-write") == set()
    assert loaded(tmp_path, "--help") == set()


def test_validate_writing_its_sheet_loads_no_pandas_docx_or_xlsxwriter(tmp_path, returned):
    master, _ = returned
    assert loaded(tmp_path, "validate", master, "--month", "3") <= {"openpyxl", "numpy"}  # openpyxl loads numpy


def test_the_runner_sees_what_a_command_loads(tmp_path, returned):
    """The same runner does see pandas under export and XlsxWriter under split: the checks above can fail."""
    master, _ = returned
    assert "pandas" in loaded(tmp_path, "export", master, "--out", tmp_path / "长表.csv")
    assert "xlsxwriter" in loaded(tmp_path, "split", master, "--month", "3", "--out", tmp_path / "下发")
