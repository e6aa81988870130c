"""新年度建账: next year's master from this year's, with the new year's list.

What does not change with the list is carried from the old master: the unit directory
(配置's 单位目录 and 简称/别名, and its 单位名称匹配 rule), every setting in 配置 a clerk set
(黄灯阈值, 报送截止日, 地区, 督查室 …; a blank keeps the default) and the 单位通讯录 contacts of
every unit, the office and each leader still on the list. The new year's items come from a
reviewed catalogue (``catalog``), from a notice imported on the spot (``notice``), from the
old master's 项目表 (``keep``: the 项目编号 of the items that continue, or every item), or from
``keep`` and a new list together (the items that continue first, then the new list; a 项目编号
both use is a ``new-year-id-clash`` finding naming both, and nothing is built). The
figures, 日志, 校验结果 and 报送记录 start empty; 年度 and 模板版本 are the new year's. The old
master is only read. Units that left the list or arrived are listed for the clerk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from minsheng.builder.master import build as build_master
from minsheng.engines.disk import atomic_write
from minsheng.engines.file import UnreadableWorkbook, read_book, read_master
from minsheng.model import catalogue as cat
from minsheng.model import directory as D
from minsheng.model import layout as L
from minsheng.model.book import Book, CellChange, is_blank
from minsheng.model.settings import load as load_settings
from minsheng.model.units import UnitDirectory, canonical_list, tidy
from minsheng.check.findings import Finding, make
from minsheng.notice import draft, read, review, table, targets
from minsheng.xlsx import patch as xlsxpatch

ALL = ("all", "全部")
RENEWED = ("年度", "模板版本")  # the settings that belong to the year, never carried
CARRIED_CONTACTS = ("联系人", "联系电话", "电子邮箱")


class Refused(ValueError):
    """Nothing was written; the message says why (and, for an unreviewed notice, where its draft is);
    ``findings`` are the problems as data when there are such (``new-year-id-clash``)."""

    def __init__(self, message: str, findings: list[Finding] | None = None):
        super().__init__(message)
        self.findings = findings or []


@dataclass
class NewYear:
    out: Path
    catalogue: cat.Catalogue
    backup: Path | None
    settings: list[str] = field(default_factory=list)  # "黄灯阈值 = 0.15": carried settings a clerk changed
    contacts: int = 0  # 单位通讯录 rows whose contact was carried
    left: list[str] = field(default_factory=list)  # responsible last year, not this year
    arrived: list[str] = field(default_factory=list)  # responsible this year, not last year


def new_year(old: Path, out: Path, *, catalog: Path | None = None, notice: Path | None = None,
             keep: list[str] | None = None, year: int | None = None, force: bool = False) -> NewYear:
    """Write ``out`` (.xlsm) for ``year`` (default: the old master's 年度 + 1).

    ``catalog`` (CSV/XLSX in the catalogue columns) or ``notice`` (any file ``minsheng import``
    reads), ``keep`` (项目编号 of the old 项目表, or ``["all"]``), or ``keep`` with one of the two
    give the items. Raises ``Refused`` (unreadable old master, catalogue or notice; a 项目编号 both
    the kept items and the new list use, with its findings; a notice whose draft
    still has 需核对 rows, written beside ``out`` for review; an existing ``out`` without
    ``force``; ``out`` the old master itself) or ``WorkbookBusy``."""
    if out.suffix.lower() != ".xlsm":
        raise Refused(f"输出文件应为 .xlsm（带宏的工作簿），现为 {out.name}")
    if (catalog is not None and notice is not None) or (catalog, notice, keep) == (None, None, None):
        raise Refused("请指定新一年的项目从哪里来（目录和通知只选一种）：--catalog 目录.xlsx（核对过的目录）、"
                      "--notice 通知.docx（新通知）或 --keep 1-1,2-3（上年延续的项目编号；全部延续写 --keep all）；"
                      "--keep 可与 --catalog 或 --notice 同用（延续项目加新目录）")
    if out.exists() and out.resolve() == old.resolve():
        raise Refused(f"{out.name} 是上一年的主台账，不能覆盖；请为新一年另起文件名，如 民生实事{(year or 0) or ''}.xlsm")
    try:
        book = read_master(old)
    except (UnreadableWorkbook, OSError) as e:
        raise Refused(f"无法读取上一年的主台账：{e}") from None
    settings = load_settings(book)
    year = year or _year_in(catalog or notice) or settings.year + 1
    if year <= settings.year:
        raise Refused(f"新年度应晚于 {old.name} 的年度 {settings.year}，现为 {year}；请用 --year 指定")
    directory = D.from_book(book)
    catalogue = _catalogue(book, old, year, directory, catalog=catalog, notice=notice, keep=keep, out=out)
    if out.exists() and not force:
        raise Refused(f"{out} 已存在。主台账建成后以其中的数据为准，重建会丢失已填内容；"
                      "确需重建请加 --force（会先备份）。")
    names = [u for item in catalogue.items for u in (*item.units, *item.co_units)]
    units = _directory(directory, names)
    done = NewYear(out, catalogue, None)

    def write(tmp: Path) -> None:
        build_master(catalogue, tmp, units, place=settings.place)
        built = read_book(tmp, [L.CONFIG_SHEET, L.CONTACTS_SHEET])
        changes = _settings(book, built, done) + _contacts(book, built, units, done)
        if changes:
            tmp.write_bytes(xlsxpatch.patch(tmp.read_bytes(), changes))

    out.parent.mkdir(parents=True, exist_ok=True)
    done.backup = atomic_write(out, write)
    before, after = _responsible(book, directory), _responsible_of(catalogue, units)
    done.left = [u for u in before if (units.canonical(u) or u) not in after]
    done.arrived = [u for u in after if u not in {units.canonical(b) or b for b in before}]
    return done


def _year_in(path: Path | None) -> int | None:
    found = re.search(r"(20\d\d)", path.name) if path else None
    return int(found.group(1)) if found else None


def _catalogue(book: Book, old: Path, year: int, directory: UnitDirectory, *, catalog, notice, keep,
               out: Path) -> cat.Catalogue:
    if keep is not None and (catalog is not None or notice is not None):
        new = _catalogue(book, old, year, directory, catalog=catalog, notice=notice, keep=None, out=out)
        return _joined(_kept(book, old, year, keep), new, old.name, (catalog or notice).name)
    if catalog is not None:
        marked = review.marked(catalog) if catalog.is_file() else []
        if marked:
            raise Refused(f"{catalog.name} 中还有 {len(marked)} 行标着“需核对”，未生成主台账。"
                          "请逐行核对并改好，再清空“需核对”一格：\n" + "\n".join(marked))
        try:
            return cat.load(catalog, year, targets.read)
        except (cat.CatalogueError, OSError) as e:
            raise Refused(f"无法读取目录：{e}") from None
    if notice is not None:
        return _from_notice(notice, year, directory, out)
    return _kept(book, old, year, keep)


def _from_notice(notice: Path, year: int, directory: UnitDirectory, out: Path) -> cat.Catalogue:
    """The notice's draft, its units checked against last year's directory; a draft with marks is
    written beside ``out`` (目录草稿YEAR.xlsx) and nothing is built."""
    from minsheng.jobs.import_notice import write_draft

    try:
        items = table.items(read.rows(notice))
    except read.NoticeUnreadable as e:
        raise Refused(str(e)) from None
    if not items:
        raise Refused(f"{notice.name}：没有找到带“序号”和“项目内容”（或“建设内容”“目标任务”等）表头的表格；"
                      f"请确认附件中的项目表已在文件内")
    rows = draft.rows(items, directory)
    marked = [r for r in rows if r[draft.CHECK]]
    if marked:
        path = out.with_name(f"目录草稿{year}.xlsx")
        write_draft(rows, path)
        raise Refused(f"{notice.name} 中有 {len(marked)} 行需核对，未生成主台账。目录草稿已写入 {path}：请逐行核对、"
                      f"改好后清空“需核对”一格，再运行 minsheng new-year … --catalog {path.name}：\n"
                      + "\n".join(f"  {r['项目编号']} {r['指标']}：{r[draft.CHECK]}" for r in marked))
    try:
        return cat.from_rows(rows, year, notice.name, targets.read)
    except cat.CatalogueError as e:
        raise Refused(f"无法读取通知：{e}") from None


def _kept(book: Book, old: Path, year: int, keep: list[str]) -> cat.Catalogue:
    sheet = book[L.PROJECTS_SHEET]
    rows = [dict(zip(sheet.header, r)) for r in sheet.rows[1:]]
    try:
        last = cat.from_rows(rows, year, f"{old.name}/{L.PROJECTS_SHEET}", targets.read)
    except cat.CatalogueError as e:
        raise Refused(f"无法读取上一年的项目表：{e}") from None
    wanted = [tidy(k) for k in keep if tidy(k)]
    if any(k.lower() in ALL for k in wanted):
        return last
    ids = {item.id for item in last.items}
    unknown = [k for k in wanted if k not in ids]
    if unknown or not wanted:
        raise Refused(f"{old.name} 的项目表中没有项目编号 {'、'.join(unknown) or '（未指定）'}；"
                      f"可选的有：{'、'.join(item.id for item in last.items)}")
    return cat.Catalogue(year, tuple(i for i in last.items if i.id in wanted), last.notes)


def _joined(kept: cat.Catalogue, new: cat.Catalogue, old: str, source: str) -> cat.Catalogue:
    """The items that continue, then the new list's; every 项目编号 both use is a finding naming
    both items (all listed at once) and ``Refused``."""
    ours = {item.id: item for item in new.items}
    clashes = [make("new-year-id-clash", item=item.id, kept=_name(item), old=old, new=_name(ours[item.id]),
                    file=source) for item in kept.items if item.id in ours]
    if clashes:
        raise Refused(f"延续的项目与新目录有 {len(clashes)} 个项目编号重复，未生成主台账：\n"
                      + "\n".join(f"  {f.message}。{f.hint}" for f in clashes), clashes)
    return cat.Catalogue(new.year, (*kept.items, *new.items), (*kept.notes, *new.notes))


def _name(item: cat.Item) -> str:
    """An item as people know it: its 项目名称, else its 项目内容."""
    return item.name or item.content


def _directory(old: UnitDirectory, names: list[str]) -> UnitDirectory:
    """Last year's directory, same matching rule, plus each name of the new list it does not know."""
    units = UnitDirectory(loose=old.loose)
    for name in old.names():
        u = old.match(name)
        units.add(u.name, u.short, u.aliases)
    for name in dict.fromkeys(names):
        if units.canonical(name) is None:
            units.add(name)
    return units


def _settings(old: Book, built: Book, done: NewYear) -> list[CellChange]:
    """配置 values a clerk set last year (non-blank, not 年度/模板版本) where the new one differs."""
    if L.CONFIG_SHEET not in old:
        return []
    before = {str(r.get("设置") or "").strip(): r.get("值") for _, r in old[L.CONFIG_SHEET].records()}
    defaults = {s.key: s.default for s in L.SETTINGS}
    sheet, changes = built[L.CONFIG_SHEET], []
    for row, record in sheet.records():
        key = str(record.get("设置") or "").strip()
        value = before.get(key)
        if not key or key in RENEWED or is_blank(value):
            continue
        if value != defaults.get(key):
            done.settings.append(f"{key} = {value:g}" if isinstance(value, float) else f"{key} = {value}")
        if value != record.get("值"):
            changes.append(CellChange(L.CONFIG_SHEET, sheet.address(row, "值"), record.get("值"), value))
    return changes


def _contacts(old: Book, built: Book, units: UnitDirectory, done: NewYear) -> list[CellChange]:
    """Each 单位通讯录 row of the new master takes last year's 联系人/联系电话/电子邮箱 of the same
    unit (by directory name), the office (备注 本办) or leader, exactly as typed."""
    if L.CONTACTS_SHEET not in old:
        return []

    def key(record: dict) -> str:
        if tidy(str(record.get("备注") or "")) == "本办":
            return "本办"
        name = tidy(str(record.get("单位") or ""))
        return units.canonical(name) or name

    before: dict[str, dict] = {}
    for _, record in old[L.CONTACTS_SHEET].records():
        before.setdefault(key(record), record)
    sheet, changes = built[L.CONTACTS_SHEET], []
    for row, record in sheet.records():
        last = before.get(key(record))
        if last is None:
            continue
        found = [CellChange(L.CONTACTS_SHEET, sheet.address(row, c), record.get(c), last.get(c))
                 for c in CARRIED_CONTACTS if c in sheet.columns() and not is_blank(last.get(c))]
        done.contacts += bool(found)
        changes += found
    return changes


def _responsible(book: Book, directory: UnitDirectory) -> list[str]:
    sheet = book[L.PROJECTS_SHEET]
    names = [u for _, r in sheet.records() for u in canonical_list(str(r.get("责任单位") or ""), directory)]
    return list(dict.fromkeys(names))


def _responsible_of(catalogue: cat.Catalogue, units: UnitDirectory) -> list[str]:
    return list(dict.fromkeys(u for item in catalogue.items for u in canonical_list("、".join(item.units), units)))
