"""The master's xlwings.conf sheet, checked against xlwings' add-in and the repository's folders."""

from __future__ import annotations

import ntpath
import os
import re
import subprocess
import sys
from pathlib import Path

import xlwings

from minsheng.model import layout as L
from minsheng.engines.file import read_book
from minsheng.builder.xlconf import XLWINGS_SETTINGS

REPO = Path(__file__).resolve().parents[1]
MASTER = REPO / "workbook" / "民生实事2024.xlsm"
ADDIN_VBA = Path(xlwings.__file__).parent / "xlwings.bas"


def settings() -> dict[str, str]:
    return dict(XLWINGS_SETTINGS)


def test_the_sheet_holds_the_settings_where_the_addin_reads_them():
    # The add-in reads keys down column A from A1 and their values in column B.
    rows = read_book(MASTER, [L.XLWINGS_SHEET])[L.XLWINGS_SHEET].rows
    assert [tuple(r[:2]) for r in rows] == list(XLWINGS_SETTINGS)


def test_every_key_is_one_the_addin_asks_for():
    # GetConfigFromSheet upper-cases the keys; GetConfig("...") names the ones it uses.
    known = set(re.findall(r'GetConfig\("([^"]+)"', ADDIN_VBA.read_text("utf-8", errors="replace")))
    assert {key.upper() for key in settings()} <= known


def addin_sys_path_args(workbook: Path, home: str) -> str:
    """What RunPython passes to xlwings.utils.prepare_sys_path (xlwings.bas, RunPython):
    the workbook flag and names, three OneDrive settings, then PYTHONPATH, with %VARIABLES%
    expanded as the add-in's ExpandEnvironmentStrings does on Windows."""
    os.environ["MINSHENG_HOME"] = home
    try:
        python_path = ntpath.expandvars(settings()["PYTHONPATH"])
    finally:
        del os.environ["MINSHENG_HOME"]
    if os.sep == "/":  # run here what Windows would run: same folders, this OS's separators
        python_path = python_path.replace("\\", "/")
    flag = settings()["ADD_WORKBOOK_TO_PYTHONPATH"]
    return f"{flag};{workbook};{workbook};;;;{python_path}"


def run_in_interpreter_folder(args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Python as the add-in starts it: in the interpreter's folder, no PYTHONPATH, then the
    entry point's import and the UDF module's import."""
    script = (f"import xlwings.utils; xlwings.utils.prepare_sys_path({args!r}); "
              f"import minsheng.xl, {settings()['UDF Modules']} as u; print(minsheng.xl.__file__); print(u.__file__)")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-c", script], cwd=cwd, env=env, capture_output=True, text=True)


def test_a_cloned_repository_works_from_the_interpreters_folder(tmp_path):
    done = run_in_interpreter_folder(addin_sys_path_args(MASTER, str(REPO)), tmp_path)
    assert done.returncode == 0, done.stderr
    xl_file, udf_file = map(Path, done.stdout.split())
    assert xl_file == REPO / "python" / "minsheng" / "xl.py"
    assert udf_file == REPO / "udfs" / "minsheng_udfs.py"


def test_a_workbook_copied_elsewhere_still_finds_the_code(tmp_path):
    copy = tmp_path / "桌面" / MASTER.name  # clerks move the master; the code stays in the clone
    done = run_in_interpreter_folder(addin_sys_path_args(copy, str(REPO)), tmp_path)
    assert done.returncode == 0, done.stderr


def test_without_minsheng_home_the_import_fails_as_the_readme_says(tmp_path):
    done = run_in_interpreter_folder(addin_sys_path_args(MASTER, "%MINSHENG_HOME%"), tmp_path)
    # With `pip install -e .` (README step 3) minsheng itself imports; the UDF module never does.
    assert done.returncode != 0
    assert "No module named 'minsheng'" in done.stderr or "No module named 'minsheng_udfs'" in done.stderr
