"""Every page of the dashboard runs clean, in both languages, with and without classroom mode."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from app_driver import all_text, open_page

from ui.i18n import MISSING
from ui.shell import LESSON

PAGES = [None] + [page.path for page in LESSON]  # None: the home page
MISSING_MARK = MISSING.split("{")[0]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("classroom", [False, True])
def test_every_page_runs_clean(page, lang, classroom):
    at = open_page(page, lang=lang, classroom=classroom)
    assert not at.exception
    assert not at.error
    text = all_text(at)
    assert MISSING_MARK not in text
    assert at.title  # every page starts with its title


def test_the_home_page_links_every_lesson_in_order():
    at = open_page()
    links = [link.proto.page for link in at.get("page_link")]
    assert links == [page.slug for page in LESSON]
    text = all_text(at)
    assert "Cross-correlation lab" in text


def test_classroom_mode_shows_fewer_controls():
    normal = open_page("lessons/cross_correlation.py")
    classroom = open_page("lessons/cross_correlation.py", classroom=True)
    assert len(classroom.number_input) < len(normal.number_input)
    assert len(classroom.button) < len(normal.button)
    assert not classroom.exception


def test_language_and_classroom_mode_are_read_from_the_url():
    at = open_page(query={"lang": "中文", "classroom": "true"})  # the URL holds the names shown
    assert at.title[0].value == "卷积实验室"
    assert at.toggle(key="classroom").value


def test_a_bad_language_in_the_url_falls_back_to_the_browser_language():
    at = open_page(query={"lang": "klingon"}, locale="zh-TW")
    assert not at.exception
    assert at.title[0].value == "卷积实验室"


# ---------------------------------------------------------------- how the app is written

ROOT = Path(__file__).resolve().parents[2]
APP_FILES = [ROOT / "dashboard.py", ROOT / "conv_lab.py", *sorted((ROOT / "ui").rglob("*.py")),
             *sorted((ROOT / "lessons").rglob("*.py"))]  # fmt: skip
INTERNALS = ("streamlit.runtime", "streamlit.proto", "streamlit.web")


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names += [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    return names


def test_the_app_imports_no_streamlit_internal():
    found = [(path.name, name) for path in APP_FILES for name in _imports(path)
             if name.startswith(INTERNALS)]  # fmt: skip
    assert not found


def test_classroom_mode_is_read_where_it_is_used_not_passed_down():
    """At most 3 functions of the app take `classroom` or `font_size` (today: none; the
    setting is read through ui.shell.classroom_mode)."""
    taking = []
    for path in APP_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                args = node.args
                names = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
                if names & {"classroom", "font_size"}:
                    taking.append(f"{path.relative_to(ROOT)}:{node.name}")
    assert len(taking) <= 3, taking


def test_no_module_of_the_app_is_over_400_lines():
    """The pages, ui/ (its browser code too) and conv_core."""
    modules = [*APP_FILES, *sorted((ROOT / "conv_core").rglob("*.py")),
               *sorted((ROOT / "ui").rglob("*.js"))]  # fmt: skip
    lines = {str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
             for path in modules}  # fmt: skip
    assert {name: n for name, n in lines.items() if n > 400} == {}


def test_the_server_loads_torch_as_it_starts():
    """`streamlit run dashboard.py` imports dashboard.py once, before any session: torch is
    loaded then (ui/__init__.py, through the class's route), not in the first student's run.
    A fresh interpreter, so that nothing this test process imported counts."""
    code = "import sys, dashboard; print('torch' in sys.modules, 'conv_lab' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, check=True)  # fmt: skip
    assert result.stdout.split()[-2:] == ["True", "False"]  # torch yes; the script not run
