"""生成通报: the month's bulletin (.docx, and PDF through LibreOffice), a one-page digest per
分管县领导 beside it (with their PDFs), and optionally the mail that carries them to the office
and the leaders (sent ones logged in 日志)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from minsheng.engines.base import Engine
from minsheng.engines.disk import WorkbookBusy, atomic_write, ensure_not_open
from minsheng.engines.file import FileEngine
from minsheng.engines.libreoffice import LibreOfficeError, convert_all, soffice
from minsheng.jobs.common import master_sheets
from minsheng.jobs.mailing import Mailing, Undeliverable, record_sent, sender as sender_of
from minsheng.mail import send as mail
from minsheng.mail.reminders import sent_log
from minsheng.model import contacts as contacts_mod
from minsheng.model.cadence import period_name
from minsheng.model import settings as settings_mod
from minsheng.paper import bulletin as model
from minsheng.paper import digest
from minsheng.paper import word as docx_writer
from minsheng.status import progress

ACTION = "通报发送"


@dataclass
class Published:
    month: int
    docx: Path
    pdf: Path | None = None
    digests: list[dict] = field(default_factory=list)  # {"leader", "docx", "pdf"}
    problems: list[str] = field(default_factory=list)
    mail: dict | None = None  # {"sent", "drafts", "already_sent", "problems"}
    warnings: list[str] = field(default_factory=list)  # to stderr: mail sent but not logged
    digest_dir: Path | None = None
    office: str = ""
    leader: str = "分管县领导"  # the leaders' title where the master is (分管区领导 …)

    def to_dict(self) -> dict:
        return {"month": self.month, "docx": str(self.docx), "pdf": str(self.pdf) if self.pdf else None,
                "digests": self.digests, "problems": self.problems, "mail": self.mail,
                "leader": self.leader}


def files(result: dict) -> list:
    """What the run wrote (``Published.to_dict()``): the bulletin, the digests, their PDFs and the
    mail drafts, as paths or None (a PDF not made); both faces count their closing line from it."""
    digests = [d[kind] for d in result["digests"] for kind in ("docx", "pdf")]
    return [result["docx"], result["pdf"], *digests, *((result["mail"] or {}).get("drafts") or [])]


def digest_folder(out: Path, settings: settings_mod.Settings) -> Path:
    """The folder of the leaders' digests beside the bulletin: ``…通报_分管县领导摘要``."""
    return out.parent / f"{out.stem}_{settings.place.leader}摘要"


def default_name(year: int, month: int, cadence: str = "") -> str:
    """``2024年3月民生实事推进情况通报.docx``; under 报送周期 季 the quarter: ``2024年一季度…``."""
    return f"{year}年{period_name(month, cadence)}民生实事推进情况通报.docx"


def bulletin(engine: Engine, month: int, *, out: Path | None = None, folder: Path | None = None,
             day: date | None = None, pdf: bool = True, digests: bool = True,
             mailing: Mailing | None = None, clock: Callable[[], datetime] = datetime.now) -> Published:
    """Write the bulletin to ``out`` (or ``default_name`` in ``folder``) and the digests beside it.

    ``clock`` is the time of the run: ``day`` when none is given, the mail's Date header and the
    日志 stamp of each message sent (the demo passes its story's clock; real use, now)."""
    book = engine.read(master_sheets(month))
    settings = settings_mod.load(book)
    found = progress.compute(book, month, settings)
    out = Path(out) if out is not None else Path(folder) / default_name(settings.year, month, settings.cadence)
    day = day or clock().date()
    doc = model.bulletin(found, book, settings, day)
    made = clock()  # the documents' time: now, or the demo's story time (the same .docx bytes each run)
    OFFICE = settings.place.office  # the key of the bulletin's own page among the digests
    pages = {OFFICE: doc}
    if digests:
        pages.update(digest.digests(found, book, settings, day))
    files: dict[str, tuple[object, list[Path]]] = {}
    for i, (name, page) in enumerate(pages.items(), start=1):
        path = out if name == OFFICE else digest_folder(out, settings) / f"{name}.docx"
        engine.status(f"写 {path.name}（{i}/{len(pages)}）")
        files[name] = (page, [_write(page, path, made)])
    done = Published(found.month, out, digest_dir=digest_folder(out, settings), office=OFFICE,
                     leader=settings.place.leader)
    if pdf and soffice() is not None:  # one LibreOffice start per folder
        engine.status("转换 PDF")
        office, leaders = [n for n in files if n == OFFICE], [n for n in files if n != OFFICE]
        for names in (office, leaders):
            for name, made in zip(names, _pdfs([files[n][1][0] for n in names], done.problems)):
                if made:
                    files[name][1].append(made)
    done.pdf = files[OFFICE][1][1] if len(files[OFFICE][1]) > 1 else None
    done.digests = [{"leader": name, "docx": str(paths[0]), "pdf": str(paths[1]) if len(paths) > 1 else None}
                    for name, (_, paths) in files.items() if name != OFFICE]
    if mailing and (mailing.smtp or mailing.eml_dir):
        try:
            done.mail = _mail(engine, mailing, book, files, settings.year, done.month, day, done.warnings, OFFICE, clock,
                              period_name(done.month, settings.cadence))
        except (WorkbookBusy, ValueError, mail.MailError) as e:
            raise Undeliverable(str(e)) from e
        done.problems.extend(done.mail["problems"])
    return done


def _write(doc, path: Path, when: datetime) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, lambda tmp: docx_writer.write(doc, tmp, when), keep_backup=False)
    return path


def _pdfs(paths: list[Path], problems: list) -> list[Path | None]:
    """PDFs beside the .docx files, converted in one LibreOffice start."""
    if not paths:
        return []
    try:
        return convert_all(paths, "pdf", paths[0].parent)
    except LibreOfficeError as e:
        problems.append(str(e))
        return [None] * len(paths)


def _mail(engine: Engine, how: Mailing, book, files: dict, year: int, month: int, day: date,
          warnings: list[str], office: str, clock: Callable[[], datetime], period: str) -> dict:
    """The bulletin to the office, each digest to its leader; both logged in 日志 when sent. Drafts and
    日志 name the report's ``period`` as the bulletin's title does (``3月``, or ``一季度`` under 季)."""
    contacts = contacts_mod.load(book)
    sender = sender_of(how.sender, contacts.office, office)
    if how.smtp and sender is None:
        raise ValueError(f"没有发件地址：请用 --sender 指定，或在“单位通讯录”{office}一行填写电子邮箱。")
    sent_before = sent_log(book, ACTION)
    out = {"sent": [], "drafts": [], "already_sent": [], "problems": []}
    messages, keys = [], {}
    for name, (doc, attachments) in files.items():
        contact = contacts.office if name == office else contacts.leader(name)
        if not contact or not contact.emails:
            out["problems"].append(f"{name}：“单位通讯录”中没有电子邮箱，{'通报' if contact is contacts.office else '摘要'}未发送。")
            continue
        key = hashlib.sha256("\n".join([ACTION, str(year), str(month), name, doc.text()]).encode()).hexdigest()
        if how.smtp and key in sent_before:
            out["already_sent"].append({"to": name, "sent_at": sent_before[key]})
            continue
        subject = f"{doc.title}（{name}）" if doc.compact else doc.title
        body = (f"{contact.person or name}：\n\n    附件为{doc.title}，请审阅。\n\n{office}\n"
                f"{model.cn_date(day)}\n")
        msg = mail.compose(sender, [mail.address(mail.one_line(contact.person or ""), a) for a in contact.emails], subject, body,
                           attachments=tuple(attachments), reply_to=sender, when=clock(),
                           story=getattr(clock, "story", None))  # the demo's ids, the same each run
        messages.append((name, msg))
        keys[name] = key
    if how.eml_dir:
        out["drafts"] = [str(mail.write_eml(msg, how.eml_dir, f"{period}通报_{name}")) for name, msg in messages]
        return out
    if not messages:
        return out
    if isinstance(engine, FileEngine):
        ensure_not_open(engine.path)  # the log must be written after sending
    config, secret = how.connection()

    def log(o: mail.Outcome) -> bool:  # the moment the server accepts it
        row = [clock().strftime("%Y-%m-%d %H:%M:%S"), ACTION, files[o.key][1][0].name, keys[o.key], o.key,
               f"{year}年{period}通报：已发送至 {'、'.join(o.accepted)}"]
        if record_sent(engine, [row], warnings):
            return True
        out["problems"].append("通报已发出，但未写入日志")
        return False

    outcomes = mail.send_all(config, secret, messages, on_accepted=log)
    out["sent"] = [o.to_dict() for o in outcomes if o.accepted]
    out["problems"] += [f"{o.key}：{o.error or '；'.join(f'{a} 被拒收（{w}）' for a, w in o.refused.items())}"
                        for o in outcomes if not o.ok]
    return out


def summary(result: dict) -> list[str]:
    """The run in lines, as the command line and the demo print it (``to_dict``'s form)."""
    out: list[str] = []
    out.append(f"已生成 {result['docx']}" + (f" 和 {Path(result['pdf']).name}" if result["pdf"] else ""))
    if result["digests"]:
        out.append(f"{result.get('leader', '分管县领导')}摘要 {len(result['digests'])} 份：{'、'.join(d['leader'] for d in result['digests'])}"
                   f"（{Path(result['digests'][0]['docx']).parent}）")
    if result["mail"]:
        for s in result["mail"]["sent"]:
            out.append(f"  已发送 {s['key']} → {'、'.join(s['accepted'])}")
        for d in result["mail"]["drafts"]:
            out.append(f"  草稿：{d}")
        for a in result["mail"]["already_sent"]:
            out.append(f"  【已发过】{a['to']}：{a['sent_at']} 已发送相同内容")
    for p in result["problems"]:
        out.append(f"  【问题】{p}")
    return out
