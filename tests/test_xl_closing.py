"""A ribbon button that writes files ends its message with the line the command line closes with
(``共写入 N 个文件：…``), counted from the files on disk, through xlwings' remote interpreter."""

from __future__ import annotations

from pathlib import Path

from excel_payload import alerts

from minsheng import xl
from minsheng.model import layout as L
from test_xl_buttons import MONTH, typed, with_emails


def _on_disk(folder: Path, pattern: str = "*") -> dict[Path, int]:
    """Folder → how many files (not hidden) it holds, read from the disk, not from the button."""
    counts: dict[Path, int] = {}
    for p in folder.rglob(pattern):
        if p.is_file():
            counts[p.parent.resolve()] = counts.get(p.parent.resolve(), 0) + 1
    return counts


def _closing(message: str) -> tuple[int, dict[Path, int]]:
    """The message's last line read back: (files, folder → files)."""
    last = message.splitlines()[-1]
    assert last.startswith("共写入 "), message
    total, where = last.removeprefix("共写入 ").split(" 个文件：")
    folders = {}
    for part in where.split("、"):
        folder, n = part.rstrip("）").rsplit("（", 1)
        folders[Path(folder)] = int(n.removesuffix(" 个"))
    return int(total), folders


def test_split_ends_with_the_files_it_wrote(remote, master):
    book = remote(master, active=L.month_sheet(MONTH))
    xl.split()
    [message] = alerts(book)
    folders = _on_disk(Path.cwd() / xl.SEND_FOLDER)
    assert len(folders) == 1 and _closing(message) == (sum(folders.values()), folders)


def test_plan_split_ends_with_the_files_it_wrote(remote, master):
    book = remote(master, active=L.month_sheet(MONTH))
    xl.plan_split()
    [message] = alerts(book)
    folders = _on_disk(Path.cwd() / xl.SEND_FOLDER / xl.PLAN_FOLDER)
    assert folders and _closing(message) == (sum(folders.values()), folders)


def test_bulletin_counts_the_document_and_each_digest(remote, master):
    book = remote(master, active=L.month_sheet(MONTH), edits=typed(master))
    xl.bulletin()
    [message] = alerts(book)
    folders = _on_disk(Path.cwd() / xl.BULLETIN_FOLDER)
    assert len(folders) == 2 and _closing(message) == (sum(folders.values()), folders)  # 通报 and the digests


def test_remind_counts_its_drafts(remote, master):
    book = remote(master, active=L.month_sheet(MONTH), edits=with_emails(master, typed(master)))
    xl.remind()
    [message] = alerts(book)
    folders = _on_disk(Path.cwd() / xl.REMIND_FOLDER, "*.eml")
    assert folders and _closing(message) == (sum(folders.values()), folders)


def test_a_button_that_writes_no_file_has_no_closing_line(remote, master):
    book = remote(master, active=L.month_sheet(MONTH), edits=typed(master))
    xl.status()
    [message] = alerts(book)
    assert "共写入" not in message
