"""The master as the office's file system has it: symlinks, modes, read-only files, full disks,
unwritable folders, a second run at the same time, and backups kept within bounds. Each through the
command line, as a clerk meets it: a Chinese message naming the path, exit 2, the master unchanged."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from minsheng.cli import main
from minsheng.engines import backups, lock
from minsheng.engines.disk import sha256

from clerk import fill, master_value, split

JOBS = ("1-1", "城镇新增就业")


@pytest.fixture
def unit_file(master, tmp_path):
    files = split(master, 3, tmp_path / "回收")
    return fill(files["县人力资源社会保障局"], {JOBS: {"累计完成": 9000}})


def consolidate(master, unit_file, capsys):
    capsys.readouterr()
    code = main(["consolidate", str(master), str(unit_file), "--month", "3"])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_a_symlinked_master_is_written_at_its_target_with_its_mode(master, unit_file, tmp_path, capsys):
    shared = tmp_path / "共享"
    shared.mkdir()
    real = shared / master.name
    shutil.move(master, real)
    os.chmod(real, 0o664)
    master.symlink_to(real)
    code, text = consolidate(master, unit_file, capsys)
    assert code == 0, text
    assert master.is_symlink() and os.readlink(master) == str(real)
    assert master_value(real, 3, JOBS, "累计完成") == 9000
    assert oct(real.stat().st_mode & 0o777) == "0o664"


def test_a_read_only_master_is_refused_with_a_message(master, unit_file, capsys):
    """Root writes through any mode: the product checks the read-only attribute itself."""
    os.chmod(master, 0o444)
    before = sha256(master)
    code, text = consolidate(master, unit_file, capsys)
    assert code == 2
    assert f"{master} 是只读文件" in text and "Traceback" not in text
    assert sha256(master) == before and oct(master.stat().st_mode & 0o777) == "0o444"


def test_a_full_disk_is_refused_before_writing(master, unit_file, tmp_path, capsys):
    """A real full disk: a 1 MB tmpfs (needs root and mount, else skipped). The free-space check
    refuses before anything is written; 备份 holds no partial copy."""
    disk = tmp_path / "小盘"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(disk)],
                      capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        small = disk / master.name
        shutil.copy(master, small)
        before = sha256(small)
        code, text = consolidate(small, unit_file, capsys)
        assert code == 2
        assert "剩余空间不足" in text and str(disk) in text and "Traceback" not in text
        assert sha256(small) == before
        assert not list((disk / "备份").glob("*")) if (disk / "备份").exists() else True
        assert sorted(p.name for p in disk.iterdir()) == sorted([small.name, *(["备份"] if (disk / "备份").exists() else [])])
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_backup_cut_short_by_a_full_disk_leaves_nothing_behind(master, unit_file, tmp_path, capsys, monkeypatch):
    """The free-space check is passed (its margin set to none) and the disk fills while the backup is
    copied: a real ENOSPC from a 300 KB tmpfs; no truncated backup stays in 备份, the master is whole."""
    from minsheng.engines import disk as diskmod

    place = tmp_path / "盘"
    place.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(place)],
                      capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        small = place / master.name
        shutil.copy(master, small)
        before = sha256(small)
        monkeypatch.setattr(diskmod, "ensure_space", lambda path, need: None)
        code, text = consolidate(small, unit_file, capsys)
        assert code == 2, text
        assert "磁盘空间已满" in text and "Traceback" not in text
        assert sha256(small) == before
        assert [p.name for p in (place / "备份").iterdir()] == [] if (place / "备份").exists() else True
        assert not [p for p in place.iterdir() if p.name.startswith(".~")]
    finally:
        subprocess.run(["umount", str(place)], check=True)


def test_an_unusable_backup_folder_is_named(master, unit_file, capsys):
    (master.parent / "备份").write_text("a file where the folder should be")
    before = sha256(master)
    code, text = consolidate(master, unit_file, capsys)
    assert code == 2
    assert str(master.parent / "备份") in text and "Traceback" not in text
    assert sha256(master) == before


def test_a_second_writer_is_told_who_and_since_when(master, unit_file, capsys):
    path = lock.lock_path(master)
    path.write_text(json.dumps({"user": "张三", "host": socket.gethostname(), "pid": os.getppid(),
                                "started": "2024-04-03T09:15:00"}, ensure_ascii=False))
    before = sha256(master)
    code, text = consolidate(master, unit_file, capsys)
    assert code == 2
    assert "另一个汇总正在进行（张三，开始于 2024-04-03 09:15:00），请稍后再试" in text
    assert sha256(master) == before and path.exists()


@pytest.mark.parametrize("owner, age", [({"host": socket.gethostname(), "pid": 2**22 + 7}, 0),
                                        ({"host": "另一台电脑", "pid": 1}, lock.STALE_AFTER + 60)],
                         ids=["dead-pid", "old"])
def test_a_stale_lock_is_taken_over(master, unit_file, capsys, owner, age):
    path = lock.lock_path(master)
    path.write_text(json.dumps({"user": "李四", **owner}))
    old = datetime.now().timestamp() - age
    os.utime(path, (old, old))
    code, text = consolidate(master, unit_file, capsys)
    assert code == 0, text
    assert master_value(master, 3, JOBS, "累计完成") == 9000
    assert not path.exists()


def test_backups_keep_the_last_n_and_one_a_day():
    now = datetime(2024, 6, 30, 18, 0)
    stamps = [now - timedelta(days=d, hours=h) for d in range(60) for h in (0, 3)]
    names = [f"台账.{s:%Y%m%d-%H%M%S}.xlsm" for s in stamps] + ["台账.xlsm", "别的.20240630-170000.xlsm"]
    kept = backups.to_keep(names, "台账", ".xlsm", last=5, days=10, now=now)
    newest_five = {f"台账.{s:%Y%m%d-%H%M%S}.xlsm" for s in stamps[:5]}
    daily = {f"台账.{now - timedelta(days=d):%Y%m%d-%H%M%S}.xlsm" for d in range(10)}
    assert kept == newest_five | daily


def test_backups_made_within_one_second_keep_their_order():
    """A fast machine makes several backups a second (``-1`` … ``-12``): the newest are the highest
    numbers, not the names that sort last as text (``-9`` after ``-12``)."""
    now = datetime(2024, 6, 30, 18, 0)
    names = [f"台账.{now:%Y%m%d-%H%M%S}.xlsm"] + [f"台账.{now:%Y%m%d-%H%M%S}-{n}.xlsm" for n in range(1, 13)]
    kept = backups.to_keep(names, "台账", ".xlsm", last=3, days=1, now=now)
    assert kept == {f"台账.{now:%Y%m%d-%H%M%S}-{n}.xlsm" for n in (10, 11, 12)}


def test_a_backup_after_pruning_within_its_second_is_numbered_after_the_rest(tmp_path):
    """Pruning may free the second's first name (no -n); the next backup in that second must still be
    the newest by number, or the pruner keeps one too many and the order lies."""
    from minsheng.engines.disk import backup

    master = tmp_path / "台账.xlsm"
    master.write_bytes(b"x")
    now = datetime(2024, 6, 30, 18, 0)
    made = [backup(master, now) for _ in range(3)]
    assert [p.name for p in made] == ["台账.20240630-180000.xlsm", "台账.20240630-180000-1.xlsm", "台账.20240630-180000-2.xlsm"]
    made[0].unlink()  # pruned
    assert backup(master, now).name == "台账.20240630-180000-3.xlsm"


def test_fifty_runs_leave_a_bounded_backup_folder(master, tmp_path, capsys):
    """Each run writes (a different 累计完成), so each makes a backup; the defaults (10 last, one a
    day for 30 days) keep 10 of the same day's backups, the newest among them."""
    files = split(master, 3, tmp_path / "回收")
    made = []
    for n in range(50):
        f = fill(files["县人力资源社会保障局"], {JOBS: {"累计完成": 1000 + n}})
        code, text = consolidate(master, f, capsys)
        assert code == 0, text
        made.append(text.rsplit("原文件备份在 ", 1)[1].split()[0])
    left = sorted((master.parent / "备份").iterdir())
    assert len(left) == 10
    assert Path(made[-1]) in left


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.parametrize("mask", [0o002, 0o022, 0o077])
def test_new_files_get_the_users_umask_and_a_rewrite_keeps_the_mode(tmp_path, mask):
    """A shared folder (umask 002) gets group-writable files, not the 0600 of a temporary file."""
    from minsheng.engines.disk import atomic_write

    old = os.umask(mask)
    try:
        new = tmp_path / "通报.docx"
        atomic_write(new, lambda tmp: tmp.write_bytes(b"one"))
        assert new.stat().st_mode & 0o777 == 0o666 & ~mask
        new.chmod(0o640)
        atomic_write(new, lambda tmp: tmp.write_bytes(b"two"), keep_backup=False)
        assert (new.read_bytes(), new.stat().st_mode & 0o777) == (b"two", 0o640)
    finally:
        os.umask(old)
