"""The code leans on no library's private names (the guide: "Never lean on a library's private
names"): a name with a leading underscore that the code reads as an attribute, or imports, is
one the project itself defines. A library's private names change without notice between its
releases (Textual's `App._check_bindings`, python-docx's `part._element`, argparse's `_` were
read here once).

Read from the source of every module of the package and of the tests, benches and scripts.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(path for folder in ("kiennghi", "io", "tui", "tests", "bench", "scripts")
                 for path in (ROOT / folder).rglob("*.py"))


# Public names with an underscore, documented as such: `os._exit`; a named tuple's methods.
DOCUMENTED = {"_exit", "_replace", "_asdict", "_fields", "_make"}


def _private(name: str) -> bool:
    return (name.startswith("_") and not (name.startswith("__") and name.endswith("__"))
            and name not in DOCUMENTED)


def _defined(tree: ast.AST) -> set[str]:
    """The private names a module defines: functions, classes, arguments, names assigned (to a
    name or to an attribute: `self._held = ...`)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
    return {name for name in names if _private(name)}


TREES = {path: ast.parse(path.read_text("utf-8"), str(path)) for path in SOURCES}
OURS = set().union(*map(_defined, TREES.values()))


def _used(tree: ast.AST) -> list[tuple[int, str]]:
    """The private names a module reads as attributes or imports from another package."""
    used = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            used.append((node.lineno, node.attr))
        elif isinstance(node, ast.ImportFrom) and not node.level and not (
                node.module or "").startswith(("kiennghi", "tests", "bench")):
            used += [(node.lineno, alias.name) for alias in node.names if _private(alias.name)]
            if any(_private(part) for part in (node.module or "").split(".")):
                used.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            used += [(node.lineno, alias.name) for alias in node.names
                     if any(_private(part) for part in alias.name.split("."))]
    return used


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_private_name_of_a_library(path):
    foreign = [f"{path.name}:{line}: {name}" for line, name in _used(TREES[path])
               if name not in OURS or "." in name]
    assert not foreign, "a library's private names: " + ", ".join(foreign)


def test_the_check_sees_a_private_name():
    tree = ast.parse("from textual._compositor import x\nimport argparse._x\n"
                     "async def f(app):\n    await app._check_bindings('a')\n")
    assert {name for _, name in _used(tree) if name not in OURS or "." in name} == {
        "textual._compositor", "argparse._x", "_check_bindings"}
