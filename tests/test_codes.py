"""Every finding code is declared once in ``check.findings.CODES``, and no two say the same thing.

The source is scanned, not run: each function or class of the package that takes a finding code
(a parameter or field named ``code``, or ``problem`` as ``check.parse.Parsed`` names it) is a
maker, and every string literal handed to a maker in that place, passed as ``code=``, or compared
with a ``.code``, is a code in use.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import minsheng
from minsheng.check.findings import CODES, Code

PACKAGE = Path(minsheng.__file__).parent
NAMES = ("code", "problem")  # what a maker calls its finding code


def trees() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text("utf-8")) for path in sorted(PACKAGE.rglob("*.py"))}


def _position(params: list[str]) -> int | None:
    params = params[1:] if params[:1] in (["self"], ["cls"]) else params
    return next((i for i, name in enumerate(params) if name in NAMES), None)


def makers(modules) -> dict[str, set[int]]:
    """Callable name → positions of its code argument, for every function and class that takes one."""
    found: dict[str, set[int]] = defaultdict(set)
    for tree in modules:
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                at = _position([a.arg for a in [*node.args.posonlyargs, *node.args.args]])
            elif isinstance(node, ast.ClassDef):
                init = next((n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None)
                fields = [n.target.id for n in node.body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)]
                at = _position([a.arg for a in init.args.args]) if init else _position(fields)
            else:
                continue
            if at is not None:
                found[node.name].add(at)
    return found


def literals(node) -> set[str]:
    """The strings an expression may be: a literal, either arm of ``a if c else b``, a tuple's items."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return literals(node.body) | literals(node.orelse)
    if isinstance(node, ast.BoolOp):
        return set().union(*map(literals, node.values))
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return set().union(*map(literals, node.elts))
    return set()


def codes_used(modules, by: dict[str, set[int]]) -> dict[str, int]:
    """Code → line of one place it is used."""
    used: dict[str, int] = {}
    for tree in modules:
        for node in ast.walk(tree):
            found: set[str] = set()
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                for at in by.get(name, ()):
                    if at < len(node.args):
                        found |= literals(node.args[at])
                found |= set().union(*(literals(k.value) for k in node.keywords if k.arg in NAMES))
            elif isinstance(node, ast.Compare):
                left = node.left
                if (isinstance(left, ast.Attribute) and left.attr in NAMES) or (isinstance(left, ast.Name) and left.id in NAMES):
                    found = set().union(*map(literals, node.comparators))
            for code in found:
                used.setdefault(code, node.lineno)
    return used


def scan() -> dict[str, int]:
    modules = list(trees().values())
    return codes_used(modules, makers(modules))


def test_every_code_in_use_is_declared():
    used = scan()
    assert sorted(set(used) - set(CODES)) == []


def test_every_declared_code_is_in_use():
    assert sorted(set(CODES) - set(scan())) == []


def test_the_scan_finds_a_code_however_it_is_handed_over():
    """An undeclared code in each of the ways the package hands codes over is found."""
    modules = list(trees().values())
    sample = ast.parse(
        "make('made-up', file=f)\n"
        "raise Rejected.of('made-up-too', path.name)\n"
        "yield row.finding('in-rules' if a else 'or-this', header)\n"
        "raise Fail('from-parse', '…')\n"
        "Parsed(raw, None, 'error', 'parsed-problem', '…')\n"
        "Finding(code='by-keyword', severity=ERROR)\n"
        "if f.code in ('compared', 'as-well'): pass\n"
        "Parsed(raw, None, 'a-kind-not-a-code')\n")
    found = codes_used([sample], makers(modules))
    assert sorted(found) == ["as-well", "by-keyword", "compared", "from-parse", "in-rules", "made-up",
                             "made-up-too", "or-this", "parsed-problem"]


def near_twins(codes: dict) -> list[list[str]]:
    """Codes declared apart that share both title and message template."""
    by_text: dict[tuple[str, str], list[str]] = defaultdict(list)
    for code, spec in codes.items():
        by_text[(spec.title, spec.message)].append(code)
    return [names for names in by_text.values() if len({id(codes[c]) for c in names}) > 1]


def test_no_two_codes_are_near_twins():
    """Two codes declared apart never share both title and message template: a JSON consumer could
    not tell them apart. Codes declared together from one ``Code`` (the parser's 无法读取 family,
    told apart by their reason) are one declaration."""
    assert near_twins(CODES) == []
    unreadable = CODES["not-a-number"]
    assert CODES["excel-error"] is unreadable  # the family the rule lets through
    twin = Code(unreadable.severity, unreadable.title, unreadable.message, "另一个提示")
    assert near_twins({**CODES, "read-leniently": twin}) == [[*(c for c in CODES if CODES[c] is unreadable),
                                                              "read-leniently"]]
