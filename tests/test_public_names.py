"""The code leans on no library's private names (the guide: "Never lean on a library's private
names"). A library's private names change without notice between its releases (Textual's
`App._check_bindings`, python-docx's `part._element`, argparse's `_` were read here once).

Two checks:
- read from the source of every module (the package, the tests, benches and scripts): a name
  with a leading underscore read as an attribute, or imported, is one the project itself gives
  a class, an object or a module of its own (not a function's argument or a test's helper,
  whose names any object's attribute could bear);
- every class of the package, imported: none of its private names is a library base class's
  (overriding a private hook such as a widget's `_on_key`, or clashing with one).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import kiennghi
import kiennghi.io
import kiennghi.tui

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ("kiennghi", "io", "tui")
SOURCES = sorted(path for folder in (*PACKAGE, "tests", "bench", "scripts") for path in (ROOT / folder).rglob("*.py"))
# Public names with an underscore, documented as such: `os._exit`; a named tuple's methods.
DOCUMENTED = {"_exit", "_replace", "_asdict", "_fields", "_make"}


def _private(name: str) -> bool:
    return (name.startswith("_") and not (name.startswith("__") and name.endswith("__"))
            and name not in DOCUMENTED)


def _attributes(tree: ast.Module, module_level: bool) -> set[str]:
    """The private names a module gives its classes (their members), objects (`self._held =
    …`) and, with `module_level`, itself (its functions, classes and names)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            names |= _defined(node.body)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
    if module_level:
        names |= _defined(tree.body)
    return {name for name in names if _private(name)}


def _defined(body: list[ast.stmt]) -> set[str]:
    """The names a body of statements (a class's, a module's) defines: its functions, classes
    and names assigned."""
    names = set()
    for statement in body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(statement.name)
        elif isinstance(statement, (ast.Assign, ast.AnnAssign)):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


TREES = {path: ast.parse(path.read_text("utf-8"), str(path)) for path in SOURCES}
OURS = set().union(*(_attributes(tree, path.relative_to(ROOT).parts[0] in PACKAGE) for path, tree in TREES.items()))


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


def _foreign(tree: ast.AST) -> set[str]:
    return {name for _, name in _used(tree) if name not in OURS or "." in name}


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_private_name_of_a_library_is_read(path):
    found = [f"{path.name}:{line}: {name}" for line, name in _used(TREES[path]) if name in _foreign(TREES[path])]
    assert not found, "a library's private names: " + ", ".join(found)


def _classes() -> list[type]:
    """Every class the package's modules define (the three layers; not the `python -m` shim)."""
    found = []
    for package in (kiennghi, kiennghi.io, kiennghi.tui):
        for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            if info.ispkg or info.name == "kiennghi.__main__":
                continue
            module = importlib.import_module(info.name)
            found += [cls for _, cls in inspect.getmembers(module, inspect.isclass) if cls.__module__ == info.name]
    return found


def _members(cls: type) -> set[str]:
    """The private names the class's own source gives it (its body's functions and names;
    not those its metaclass or a base's `__init_subclass__` sets)."""
    tree = TREES[Path(inspect.getsourcefile(cls)).resolve()]
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == cls.__name__:
            names |= _attributes(ast.Module(body=[node], type_ignores=[]), module_level=False)
    return names


def test_no_class_overrides_or_shadows_a_librarys_private_name():
    found = []
    for cls in _classes():  # its own names and its project bases' (a mixin's), against its library bases
        ours = [base for base in cls.__mro__ if base.__module__.startswith("kiennghi")]
        libraries = [base for base in cls.__mro__ if base not in ours]
        found += [f"{cls.__module__}.{cls.__qualname__}.{name}" for name in sorted(set().union(*map(_members, ours)))
                  if any(name in vars(base) for base in libraries)]
    assert not found, "a library's private names, defined again: " + ", ".join(found)


def test_the_checks_see_a_private_name():
    tree = ast.parse("from textual._compositor import x\nimport argparse._x\n"
                     "async def f(app, row):\n    await app._check_bindings('a')\n    return row._tr\n")
    assert _foreign(tree) == {"textual._compositor", "argparse._x", "_check_bindings", "_tr"}
    from textual.widget import Widget

    class Field(Widget):
        async def _on_key(self, event) -> None: ...

    libraries = [base for base in Field.__mro__[1:] if not base.__module__.startswith("kiennghi")]
    assert any("_on_key" in vars(base) for base in libraries)
