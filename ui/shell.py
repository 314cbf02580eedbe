"""What every page shares: the lesson's page list, classroom mode and its style."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ui.i18n import t

CLASSROOM_KEY = "classroom"  # the sidebar toggle's key, and the URL parameter (?classroom=true)


@dataclass(frozen=True)
class LessonPage:
    """One page of the lesson: `slug` is its URL (/slug), its file lessons/<slug>.py and its
    locale files ui/locales/<lang>/<slug>.toml. A long lesson keeps its sections in a
    package beside the file, lessons/<slug>_sections/."""

    slug: str
    icon: str

    @property
    def path(self) -> str:
        return f"lessons/{self.slug}.py"

    def page(self) -> st.Page:
        return st.Page(self.path, title=t(f"{self.slug}.nav_title"), icon=self.icon,
                       url_path=self.slug)  # fmt: skip


# In the order of the lesson (D2L §7.1–7.3; padding and stride, §7.3, right after the lab that
# introduces them; receptive fields, §7.2.6, after §7.2.4).
# Adding a lesson: its file (or package) in lessons/, its locale files
# ui/locales/<lang>/<slug>.toml, and one line here.
LESSON = (
    LessonPage("fc_to_conv", ":material/hub:"),
    LessonPage("cross_correlation", ":material/grid_on:"),
    LessonPage("padding_stride", ":material/padding:"),
    LessonPage("edge_detection", ":material/contrast:"),
    LessonPage("learn_kernel", ":material/school:"),
    LessonPage("receptive_fields", ":material/filter_center_focus:"),
    LessonPage("dimensions_1d_3d", ":material/view_in_ar:"),
    LessonPage("channels", ":material/layers:"),
)
HOME = LessonPage("home", ":material/home:")


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


def chart_type_config() -> dict:
    """A Vega-Lite chart's axis and legend type at figure_font_size (its "config")."""
    size = figure_font_size()
    return {
        "axis": {"labelFontSize": size, "titleFontSize": size},
        "legend": {"labelFontSize": size},
    }
