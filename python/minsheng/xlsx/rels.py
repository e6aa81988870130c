"""Relationships, once: which part of the package a sheet (or a sheet's table) is.

A workbook part names its sheets with relationship ids; the ``_rels`` part beside it maps
each id to a target, relative to the part's folder (``worksheets/sheet1.xml``,
``../xl/worksheets/sheet1.xml``) or absolute from the package root (``/xl/worksheets/sheet1.xml``).
The parts are scanned with regular expressions, never parsed, so the same code serves the master
and a unit's untrusted return; tags and attributes may carry any namespace prefix (``x:sheet``,
``r:id``). Reading the bytes (and refusing a DTD) is the caller's.
"""

from __future__ import annotations

import html
import re
from pathlib import PurePosixPath

WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"

_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\s([^>]*)>")
_REL_TAG = re.compile(rb"<(?:\w+:)?Relationship\s([^>]*)>")
_ATTR = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def attr(tag: bytes, name: bytes) -> str | None:
    """An attribute's value in a start tag's attributes, any namespace prefix (``r:id`` for ``id``)."""
    for key, double, single in _ATTR.findall(tag):
        if key == name or key.endswith(b":" + name):
            return html.unescape((double or single).decode("utf-8"))
    return None


def rels_part(part: str) -> str:
    """The relationships part of ``part``: ``xl/worksheets/sheet1.xml`` → ``xl/worksheets/_rels/sheet1.xml.rels``."""
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def resolve(base: str, target: str) -> str:
    """The part name of ``target`` read in the folder ``base``: absolute targets from the root,
    ``..`` and ``.`` resolved (never above the root)."""
    if target.startswith("/"):
        base, target = "", target.lstrip("/")
    out: list[str] = []
    for piece in PurePosixPath(base, target).parts:
        if piece == "..":
            if out:
                out.pop()
        elif piece != ".":
            out.append(piece)
    return "/".join(out)


def targets(rels_xml: bytes, base: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, part name) of a relationships part; external targets left out."""
    out = {}
    for tag in _REL_TAG.findall(rels_xml):
        if attr(tag, b"TargetMode") == "External":
            continue
        out[attr(tag, b"Id") or ""] = (attr(tag, b"Type") or "", resolve(base, attr(tag, b"Target") or ""))
    return out


def sheet_parts(workbook_xml: bytes, rels_xml: bytes) -> dict[str, str]:
    """Sheet name → part name, from the workbook part and its relationships part."""
    rels = targets(rels_xml, "xl")
    out = {}
    for tag in _SHEET_TAG.findall(workbook_xml):
        name, rid = attr(tag, b"name"), attr(tag, b"id")
        if name is not None and rid in rels:
            out.setdefault(name, rels[rid][1])
    return out
