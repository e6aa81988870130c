"""Reading many returns shows progress on stderr: a bar at a terminal (tqdm), lines in a log.

Run for real: `minsheng consolidate` in a subprocess, its stderr a pipe or a pseudo-terminal.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import struct
import sys
import termios
from pathlib import Path

from minsheng.engines.file import read_master
from minsheng.roundtrip.split import split_month
from minsheng.commands.consolidate import PROGRESS_FROM

REPO = Path(__file__).resolve().parents[1]


def _returns(master: Path, folder: Path, count: int) -> Path:
    """``count`` returns in ``folder``: the month's fill-in files, copied round until there are enough."""
    sent = split_month(read_master(master), 3, folder.parent / "sent")
    folder.mkdir()
    for i in range(count):
        shutil.copy2(sent[i % len(sent)], folder / f"{i:03d}_{sent[i % len(sent)].name}")
    return folder


def _consolidate(master: Path, folder: Path, stderr) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "minsheng", "consolidate", str(master), str(folder),
                           "--month", "3", "--dry-run"], stdout=subprocess.PIPE, stderr=stderr,
                          env={**os.environ, "PYTHONPATH": str(REPO / "python")})


def test_a_log_gets_a_line_every_tenth_of_the_files(master, tmp_path):
    folder = _returns(master, tmp_path / "回收", PROGRESS_FROM)
    done = _consolidate(master, folder, subprocess.PIPE)
    lines = [l for l in done.stderr.decode().splitlines() if l.startswith("已读取")]
    assert [l.split("（")[0] for l in lines] == [f"已读取 {i}/{PROGRESS_FROM} 个文件" for i in range(3, 31, 3)]


def test_a_terminal_gets_a_bar_and_no_lines(master, tmp_path):
    folder = _returns(master, tmp_path / "回收", PROGRESS_FROM)
    parent, child = os.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal 100 columns wide
    try:
        done = _consolidate(master, folder, child)
    finally:
        os.close(child)
    shown = b""
    while True:
        try:
            chunk = os.read(parent, 65536)
        except OSError:  # the terminal's other end is closed: all read
            break
        if not chunk:
            break
        shown += chunk
    os.close(parent)
    text = shown.decode("utf-8", "replace")
    assert done.returncode in (0, 1), text
    assert "读取回收文件" in text and f"/{PROGRESS_FROM}" in text and "|" in text
    assert "已读取" not in text


def test_a_few_files_show_no_progress(master, tmp_path):
    folder = _returns(master, tmp_path / "回收", PROGRESS_FROM - 1)
    done = _consolidate(master, folder, subprocess.PIPE)
    assert "已读取" not in done.stderr.decode()
