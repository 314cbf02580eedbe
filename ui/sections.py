"""Sections drawn on demand: an expander whose content runs only while it is open.

A page's first render is what every student waits for, and each Plotly figure costs the
browser more than the server: a long page keeps its later sections closed, and a closed
section sends nothing at all (Streamlit's lazy expander, `on_change` tracking). Its open
state is in the URL (`?<key>=true`, a bool in ui/url_params.PARAMS), so a teacher's link can
open the section the class is on.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui.url_params import keep, start


def on_demand(key: str, label: str, draw: Callable[[], None], *, expanded: bool = False) -> bool:
    """An expander titled `label` that calls `draw()` inside it only while it is open;
    returns whether it is open."""
    box = st.expander(f"**{label}**", key=start(key, expanded), on_change="rerun")
    keep(key, bool(box.open), expanded)
    if box.open:
        with box:
            draw()
    return bool(box.open)
