"""What every page owes a reader who does not see it, does not use a mouse, or holds a phone:
set once per run from dashboard.py.

- The tab's icon is a file of the repository, sent as a data: URL (a `:material/...:` page
  icon is fetched from a font server, which an offline classroom cannot reach).
- The page's language on <html lang> (Streamlit writes "en" whatever the page shows; screen
  readers choose their voice and browsers their CJK font by it), and a keyboard stop on every
  box that scrolls sideways: `page_a11y/page.js`, plain JavaScript shipped with the
  repository, mounted as a components v2 component.
- Static CSS (no user text ever goes into it): wide formulas and tables scroll inside their own
  box instead of running off a phone's screen, and a visible focus where Streamlit shows only
  a faint one (the page links, a table's toolbar)."""

from __future__ import annotations

import base64
from pathlib import Path

import numpy as np
import streamlit as st

from ui.i18n import current_language, t

# A data: URL made once, which Streamlit passes on as it is (a file's path it reads, checks
# and stores as a media file again on every run of every student).
TAB_ICON = "data:image/png;base64," + base64.b64encode(
    (Path(__file__).resolve().parents[1] / "assets" / "tab_icon.png").read_bytes()
).decode("ascii")
PAGE_KEY = "convlab_page"

_HERE = Path(__file__).parent / "page_a11y"
_PAGE = st.components.v2.component(
    "convlab.page", js=(_HERE / "page.js").read_text(encoding="utf-8")
)

FOCUS_COLOUR = "#b02a37"  # the theme's primaryColor (.streamlit/config.toml): 6.5:1 on white
# The component draws nothing: its slot takes no room. A formula wider than its column (a
# phone, classroom type) scrolls inside its own box; so do tables and code.
_PAGE_CSS = f"""
<style>
.st-key-{PAGE_KEY} {{ display: none; }}
[data-testid="stMain"] .katex-display {{ overflow-x: auto; overflow-y: hidden; max-width: 100%; }}
[data-testid="stMain"] [data-testid="stTable"] {{ overflow-x: auto; max-width: 100%; }}
[data-testid="stMain"] .convlab-scroll:focus-visible {{
  outline: 2px solid currentColor; outline-offset: 2px;
}}
[data-testid="stSidebarNavLink"]:focus-visible,
[data-testid="stBaseButton-elementToolbar"]:focus-visible {{
  outline: 2px solid {FOCUS_COLOUR}; outline-offset: -2px;
}}
</style>
"""


def image_alt(what: str, pixels) -> str:
    """An st.image's alternative text, in the page's language: a picture of the pixels' size
    (height × width, however it is enlarged on the screen) and `what` it shows."""
    height, width = np.shape(pixels)[:2]
    return t("shell.image_alt", what=what, width=width, height=height)


def mark_page() -> None:
    """Tell the browser the page's language (lang="zh" for Chinese), label the boxes a
    keyboard must be able to scroll, and keep wide content inside the screen."""
    st.html(_PAGE_CSS)
    _PAGE(key=PAGE_KEY, data={"lang": current_language(), "scroll_label": t("shell.scroll_box")})
