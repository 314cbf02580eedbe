"""What every page shares: the lesson's page list, classroom mode and its style."""

from __future__ import annotations

import contextlib
import runpy
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

CLASSROOM_KEY = "classroom"  # the sidebar toggle's key, and the URL parameter (?classroom=true)
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class LessonPage:
    """One page of the lesson; `slug` names its file in pages/ and its locale section."""

    slug: str
    icon: str

    @property
    def path(self) -> str:
        return f"pages/{self.slug}.py"

    @property
    def exists(self) -> bool:
        return (ROOT / self.path).is_file()


# In the order of the lesson (D2L §7.1–7.2); pages not yet written are shown as "coming".
LESSON = (
    LessonPage("fc_to_conv", ":material/hub:"),
    LessonPage("cross_correlation", ":material/grid_on:"),
    LessonPage("edge_detection", ":material/contrast:"),
    LessonPage("learn_kernel", ":material/school:"),
    LessonPage("dimensions_1d_3d", ":material/view_in_ar:"),
)


_run = threading.local()  # each session's script runs in its own thread


@contextlib.contextmanager
def shell_running() -> Iterator[None]:
    """Mark that dashboard.py (the router and shared sidebar) is running the current page."""
    _run.active = True
    try:
        yield
    finally:
        _run.active = False


def show_page(draw: Callable[[], None]) -> None:
    """Draw a page inside the shell, going through dashboard.py if it was skipped.

    Until some session has called st.navigation, Streamlit serves a URL like /cross_correlation
    by running pages/cross_correlation.py alone (its pages-directory mode): no sidebar, no wide
    layout. A link shared right after the server starts would open that bare page.
    """
    if getattr(_run, "active", False):
        draw()
        return
    runpy.run_path(str(ROOT / "dashboard.py"), run_name="__main__")
    st.stop()


def classroom_mode() -> bool:
    """True when the teacher switched on classroom mode (large type, fewer controls)."""
    return bool(st.session_state.get(CLASSROOM_KEY, False))


# Static CSS only: no user text ever goes into HTML.
_CLASSROOM_CSS = """
<style>
[data-testid="stMain"] { font-size: 1.3rem; }
[data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stMain"] label,
[data-testid="stMain"] button, [data-testid="stMain"] input,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] { font-size: 1.3rem; }
[data-testid="stMain"] h1 { font-size: 3rem; }
[data-testid="stMain"] h2 { font-size: 2.2rem; }
[data-testid="stMain"] h3 { font-size: 1.8rem; }
[data-testid="stMain"] code { font-size: 1.15rem; }
/* The rule for every text above would shrink st.metric's big numbers: keep them big. */
[data-testid="stMain"] [data-testid="stMetricValue"],
[data-testid="stMain"] [data-testid="stMetricValue"] * { font-size: 3rem; line-height: 1.2; }
</style>
"""


def apply_classroom_style() -> None:
    if classroom_mode():
        st.html(_CLASSROOM_CSS)


def figure_font_size() -> int:
    return 22 if classroom_mode() else 15
