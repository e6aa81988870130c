"""The demo's first step: the year's start from the seed notice, as the office goes through it.

The seed notice (data/notice2024.txt) is laid out as its 附件 is in Word (序号 and 类别 merged
down each category, the header repeated where a page breaks), imported into a draft, reviewed
as the office would (each 需核对 row set to what the office decided, data/catalogue2024.csv,
and the proposed 指标 names shortened to the office's), and built. The built catalogue must be
the embedded 2024 catalogue; the demo says where it is not.
"""

from __future__ import annotations

import csv
from datetime import datetime
from importlib import resources
from pathlib import Path

from minsheng.jobs import build as build_job
from minsheng.jobs import import_notice
from minsheng.model import catalogue as cat
from minsheng.model.place import DEFAULT_REGION
from minsheng.notice import draft
from minsheng.paper.word import save


SEED_TIME = datetime(2024, 1, 1, 9)  # when the seed notice's 附件 was saved, in the story (the master's own start)


def seed_docx(path: Path) -> Path:
    """The seed notice's table as a Word 附件."""
    import docx

    text = resources.files("minsheng.data").joinpath("notice2024.txt").read_text("utf-8")
    table_rows = [line.split("\t") for line in text.splitlines() if len(line.split("\t")) == 6]
    header, lines = table_rows[0], table_rows[1:]
    document = docx.Document()
    document.add_paragraph("附件：2024年县政府民生实事项目表")
    table = document.add_table(rows=0, cols=len(header))
    table.style = "Table Grid"
    top, repeated = {}, False
    for n, cells in enumerate([header] + lines):
        if n >= 16 and cells[0] and not repeated:  # a new page: Word repeats the header row
            repeated = True
            for cell, word in zip(table.add_row().cells, header):
                cell.text = word
        row = table.add_row()
        for i, word in enumerate(cells):
            if i >= 2 or cells[0]:
                row.cells[i].text = word.strip()
        if n == 0 or cells[0]:
            top = {0: row.cells[0], 1: row.cells[1]}
        else:
            top = {i: top[i].merge(row.cells[i]) for i in (0, 1)}
    save(document, path, SEED_TIME)  # the story's time: the same bytes each run
    return path


def review_as_the_office(path: Path) -> list[str]:
    """Set each row to the office's decision (catalogue2024.csv) and clear 需核对; one line per row changed."""
    decided = list(csv.DictReader(resources.files("minsheng.data").joinpath("catalogue2024.csv")
                                  .read_text("utf-8").splitlines()))
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out, done = [], []
    for item in dict.fromkeys(r["项目编号"] for r in rows):
        mine = [r for r in rows if r["项目编号"] == item]
        theirs = [r for r in decided if r["项目编号"] == item]
        marks = "；".join(r[draft.CHECK] for r in mine if r[draft.CHECK])
        if marks:
            done.append(f"  {item}：{marks} → {'、'.join(' '.join(filter(None, (r['指标'], r['目标值'], r['计量单位']))) for r in theirs)}")
        base = {c: mine[0][c] for c in draft.DRAFT_COLUMNS}
        for row in theirs if marks else [dict(r, 指标=t["指标"]) for r, t in zip(mine, theirs)] or mine:
            out.append({**base, **{c: row[c] for c in cat.CATALOGUE_COLUMNS}, draft.CHECK: ""})
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=draft.DRAFT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(out)
    return done


def differences(built: cat.Catalogue, embedded: cat.Catalogue) -> list[str]:
    """Rows (in the catalogue columns) where the built catalogue is not the embedded one."""
    def table(c):
        return [tuple("" if r[k] is None else str(r[k]) for k in cat.CATALOGUE_COLUMNS) for r in c.rows()]
    mine, theirs = table(built), table(embedded)
    return [f"  第{n}行：{a} ≠ {b}" for n, (a, b) in enumerate(zip(mine, theirs), start=2) if a != b] + (
        [f"  行数 {len(mine)} ≠ {len(theirs)}"] if len(mine) != len(theirs) else [])


def run(out: Path) -> tuple[Path, cat.Catalogue]:
    """Notice → draft → review → master; returns the master and its catalogue."""
    notice = seed_docx(out / "通知附件2024.docx")
    draft_path = out / "目录草稿2024.csv"
    imported = import_notice.import_notice(notice, draft_path)
    items = len({r["项目编号"] for r in imported.rows})
    print(f"{draft_path}：{items} 项 {len(imported.rows)} 行指标，其中 {len(imported.marked)} 行标了“需核对”。")
    print("办公室逐行核对（按 2024 年目录的决定改好，清空“需核对”）：")
    print("\n".join(review_as_the_office(draft_path)))
    built = build_job.build(out / "民生实事2024.xlsm", draft_path, region=DEFAULT_REGION)  # the seed is 微山县's notice
    wrong = differences(built.catalogue, cat.load())
    print(f"{built.out}：{len(built.catalogue.categories)} 类 {len(built.catalogue.items)} 项 "
          f"{built.indicators} 个指标。" + ("与内置 2024 目录一致。" if not wrong else "与内置 2024 目录不同："))
    if wrong:
        print("\n".join(wrong))
    return built.out, built.catalogue
