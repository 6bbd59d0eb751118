"""The layers, checked rather than only stated (README, "Layout").

The core package `kiennghi` (model, configuration, store, rules) imports no interface and no file
format; `kiennghi.io` (the outside formats) does not import the app; `kiennghi.tui` (the app)
reaches files only through what `kiennghi.cli` hands it. `kiennghi.cli`, with the `python -m
kiennghi` shim `kiennghi.__main__`, is the composition root: it may import everything.

Two checks, as each misses what the other sees:
- every import statement of every module, at its top or inside a function (loaded on first use)
  or under TYPE_CHECKING, read from the source;
- every module imported alone in a fresh interpreter, and what `sys.modules` holds after it: what
  it pulls in at import time, through other modules and other packages too.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import pkgutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import kiennghi
import kiennghi.io
import kiennghi.tui

FORMATS = ("openpyxl", "python_calamine", "xlrd", "docxtpl", "xlsxwriter")
INTERFACE = ("textual", "rich")
COMPOSITION_ROOT = ("kiennghi.cli", "kiennghi.__main__")
# What each layer may not import (a name and every module under it).
FORBIDDEN = {
    "core": (*INTERFACE, *FORMATS, "kiennghi.io", "kiennghi.tui"),
    "io": ("textual", "kiennghi.tui"),
    "tui": ("kiennghi.io",),
}


def _modules() -> dict[str, tuple[str, Path]]:
    """Every module of the three layers: its layer and its source file."""
    found: dict[str, tuple[str, Path]] = {}
    for layer, package in (("core", kiennghi), ("io", kiennghi.io), ("tui", kiennghi.tui)):
        found[package.__name__] = (layer, Path(package.__file__))
        for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            if info.ispkg:
                continue
            found[info.name] = (layer, Path(importlib.util.find_spec(info.name).origin))
    for data in ("kiennghi.templates", "kiennghi.samples"):  # packages of files, with an __init__
        found[data] = ("core", Path(importlib.util.find_spec(data).origin))
    for root in COMPOSITION_ROOT:
        found.pop(root)
    return found


MODULES = _modules()


def _forbidden(layer: str, names) -> list[str]:
    return sorted({name for name in names for banned in FORBIDDEN[layer]
                   if name == banned or name.startswith(banned + ".")})


def _imported_names(module: str, path: Path) -> set[str]:
    """The modules an import statement anywhere in the file names; for `from X import Y`, both X
    and X.Y (Y may be a module: `from kiennghi import io`)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            names.add(target)
            names.update(f"{target}.{alias.name}" for alias in node.names)
    return names


def test_the_layers_are_found():
    layers = {layer for layer, _ in MODULES.values()}
    assert layers == {"core", "io", "tui"}
    assert {"kiennghi.store", "kiennghi.merge", "kiennghi.io.tracking", "kiennghi.tui.app"} <= set(MODULES)
    assert not set(COMPOSITION_ROOT) & set(MODULES)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_import_statement_crosses_a_layer(module):
    layer, path = MODULES[module]
    assert _forbidden(layer, _imported_names(module, path)) == [], f"{module} ({layer})"


_REPORT = "import importlib, json, sys; importlib.import_module(sys.argv[1]); print(json.dumps(sorted(sys.modules)))"


def _loaded_by(module: str, cwd: Path) -> list[str]:
    done = subprocess.run([sys.executable, "-c", _REPORT, module], capture_output=True, text=True, timeout=120,
                          cwd=cwd, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert done.returncode == 0, f"{module}: {done.stderr}"
    return json.loads(done.stdout)


def test_no_module_loads_a_layer_it_may_not(tmp_path):
    # A folder of its own as the current one: the repository's io/ and tui/ are no modules.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        loaded = dict(zip(MODULES, pool.map(lambda module: _loaded_by(module, tmp_path), MODULES)))
    crossing = {module: found for module, names in loaded.items()
                if (found := _forbidden(MODULES[module][0], names))}
    assert crossing == {}
    assert "textual" in loaded["kiennghi.tui.app"] and "python_calamine" in loaded["kiennghi.io.grid"]  # it sees


def test_the_check_sees_a_crossing(tmp_path):
    """A core module that imports a format, or the app, inside a function or at its top, is found."""
    path = tmp_path / "bad.py"
    path.write_text("import json\nfrom . import io\n\ndef later():\n    from textual.app import App\n", "utf-8")
    names = _imported_names("kiennghi.bad", path)
    assert _forbidden("core", names) == ["kiennghi.io", "textual.app", "textual.app.App"]
    assert _forbidden("tui", _imported_names("kiennghi.tui.bad", path)) == []  # kiennghi.tui.io is no io


def _store_writers() -> set[str]:
    """The store's public methods that write: those that open a write transaction on themselves
    (`self._write()`), and those that call one of them on themselves."""
    tree = ast.parse(Path(kiennghi.__file__).with_name("store.py").read_text("utf-8"))
    store = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "Store")
    calls = {method.name: {node.func.attr for node in ast.walk(method)
                           if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                           and isinstance(node.func.value, ast.Name) and node.func.value.id == "self"}
             for method in store.body if isinstance(method, ast.FunctionDef)}
    writers = {name for name, called in calls.items() if "_write" in called}
    while grown := {name for name, called in calls.items() if called & writers} - writers:
        writers |= grown
    return {name for name in writers if not name.startswith("_")}


def test_only_the_items_screen_writes_to_the_store():
    """The dialogs return what the officer chose; the screen that opened them writes it."""
    writers = _store_writers()
    assert {"import_batch", "update_items", "save_conference", "delete_items", "merge"} <= writers
    for module, (layer, path) in MODULES.items():
        if layer != "tui" or module == "kiennghi.tui.items_screen":
            continue
        called = {node.func.attr for node in ast.walk(ast.parse(path.read_text("utf-8")))
                  if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)}
        assert not called & writers, (module, sorted(called & writers))
