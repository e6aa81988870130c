"""The package's folders are layers: no module imports a folder above its own, and no module
imports another module's private (underscore) name. The order is the README's 'What is where'."""

from __future__ import annotations

import ast
from pathlib import Path

import minsheng

PACKAGE = Path(minsheng.__file__).parent
# From the top. A folder may import its own modules and any folder below it; cores in one row
# (builder … mail) are in pipeline order and may import those to their left in CORES.
FACES = ("cli", "commands", "xl", "__main__")
LAYERS = (FACES, ("demo",), ("jobs",), ("mail",), ("paper",), ("status",), ("roundtrip",), ("builder",), ("notice",),
          ("check",), ("engines",), ("xlsx",), ("model",), ("data", "__init__"))
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def place(module: str) -> str:
    """The layer name of a dotted module under minsheng: its folder, or the top-level module."""
    return module.split(".")[1] if "." in module else "__init__"


def imports(path: Path):
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("minsheng"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                yield node.lineno, (full if node.module == "minsheng" else node.module), alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("minsheng."):
                    yield node.lineno, alias.name, ""


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("")
        yield path, "minsheng." + ".".join(rel.parts)


def test_no_import_climbs_back_up():
    climbs = []
    for path, name in modules():
        here = RANK[place(name)]
        for line, target, _ in imports(path):
            if RANK[place(target)] < here:
                climbs.append(f"{name}:{line} imports {target}")
    assert climbs == []


def test_no_private_name_crosses_modules():
    private = [f"{name}:{line} imports {target}.{what}"
               for path, name in modules() for line, target, what in imports(path)
               if what.startswith("_") and not what.startswith("__")]
    assert private == []
