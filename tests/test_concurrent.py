"""Two consolidations at once (two clerks, or the button and the command line): one writes, the
other is told to try later, and after that retry the master is what running them one after the
other gives. Real processes, 20 pairs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from minsheng.engines.file import read_master

from clerk import fill, roster, split

JOBS = ("1-1", "城镇新增就业")
EDU = ("2-1", "普通高中新增招生")
ROUNDS = 20
ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "python")}


def start(master: Path, unit_file: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "minsheng", "consolidate", str(master), str(unit_file),
                             "--month", "3"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)


def run_until_done(proc: subprocess.Popen, master: Path, unit_file: Path) -> tuple[int, list[str]]:
    """Wait for a run; while it is refused as busy, run it again, as the clerk told to wait would."""
    refusals = []
    while True:
        out, err = proc.communicate(timeout=120)
        if proc.returncode != 2:
            return proc.returncode, refusals
        refusals.append(err.decode())
        assert "另一个汇总正在进行" in refusals[-1], refusals[-1]
        proc = start(master, unit_file)


def state(master: Path) -> tuple[dict, dict]:
    book = read_master(master)
    values = {key: row[1] for key, row in book.month(3).by_key().items()}
    return values, roster(master, 3)


def test_two_consolidations_at_once_equal_one_after_the_other(master, tmp_path):
    files = split(master, 3, tmp_path / "回收")
    a = fill(files["县人力资源社会保障局"], {JOBS: {"累计完成": 9000, "进展情况": "新增就业九千人"}})
    b = fill(files["县教育和体育局"], {EDU: {"累计完成": 300, "存在问题": "无"}})
    pristine = tmp_path / "pristine.xlsm"
    shutil.copy(master, pristine)

    sequential = tmp_path / "sequential.xlsm"
    shutil.copy(pristine, sequential)
    for f in (a, b):
        assert start(sequential, f).wait(timeout=120) == 0
    expected = state(sequential)
    assert expected[1]["县人力资源社会保障局"] == expected[1]["县教育和体育局"] == "已报送"

    refused = 0
    for n in range(ROUNDS):
        target = tmp_path / f"round{n}" / "民生实事2024.xlsm"
        target.parent.mkdir()
        shutil.copy(pristine, target)
        first, second = start(target, a), start(target, b)
        codes = [run_until_done(first, target, a), run_until_done(second, target, b)]
        assert [c for c, _ in codes] == [0, 0], codes
        refused += sum(len(r) for _, r in codes)
        assert state(target) == expected, f"round {n}"
        assert not list(target.parent.glob(".~minsheng.*.lock")), "the lock is released"
    print(f"{ROUNDS} pairs, {refused} runs told to wait")
