"""conv_core's one public API: listed once, documented, and the only way in from the app."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

import conv_core

ROOT = Path(__file__).resolve().parents[2]
APP_FILES = sorted(
    [
        *(ROOT / "lessons").rglob("*.py"),
        *(ROOT / "ui").rglob("*.py"),
        ROOT / "conv_lab.py",
        ROOT / "dashboard.py",
    ]
)
SUBMODULES = sorted(
    info.name for info in pkgutil.walk_packages(conv_core.__path__, prefix="conv_core.")
)


@pytest.mark.parametrize("name", conv_core.__all__)
def test_every_exported_name_is_importable_and_documented(name):
    value = getattr(importlib.import_module("conv_core"), name)  # `from conv_core import name`
    if callable(value) or inspect.isclass(value):
        assert (inspect.getdoc(value) or "").strip(), f"{name} has no docstring"


def test_the_list_is_sorted_unique_and_public():
    assert conv_core.__all__ == sorted(set(conv_core.__all__))
    assert not any(name.startswith("_") for name in conv_core.__all__)
    assert "annotations" not in conv_core.__all__
    assert {"MethodChoice", "auto_method", "corr2d", "METHODS"} <= set(conv_core.__all__)


def test_no_submodule_is_exported():
    assert SUBMODULES, "found no submodules: the walk is wrong"
    for name in conv_core.__all__:
        assert not isinstance(getattr(conv_core, name), types.ModuleType), name
    children = {module.split(".")[1] for module in SUBMODULES}  # conv_core.<child>[...]
    assert not children & set(conv_core.__all__)


def test_submodules_have_no_export_lists_of_their_own():
    """The package lists its exports once; a submodule's helpers are _underscored instead."""
    for module in SUBMODULES:
        assert not hasattr(importlib.import_module(module), "__all__"), module


@pytest.mark.parametrize("path", APP_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_app_imports_only_conv_core_itself(path):
    """Lessons, ui and dashboard.py write `from conv_core import ...`, never a submodule."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
            if node.module == "conv_core":  # `from conv_core import fast` names a submodule
                names += [
                    f"conv_core.{alias.name}"
                    for alias in node.names
                    if f"conv_core.{alias.name}" in SUBMODULES
                ]
        else:
            continue
        for name in names:
            assert not name.startswith("conv_core."), f"{path.name}:{node.lineno} imports {name}"
            assert name != "conv_core" or isinstance(node, ast.ImportFrom), (
                f"{path.name}:{node.lineno}: `import conv_core`; write `from conv_core import`"
            )


def test_conv_core_imports_neither_streamlit_nor_plotly():
    code = (
        "import conv_core, sys; "
        "assert 'streamlit' not in sys.modules and 'plotly' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=120)
