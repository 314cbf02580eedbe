"""Drive the dashboard under AppTest: open a page, read every text the page shows."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from ui.i18n import catalog

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = str(ROOT / "conv_lab.py")
LAB = "lessons/cross_correlation.py"
TIMEOUT = 60  # seconds per run; torch's first import is slow on a busy 2-core machine


def open_page(
    page: str | None = None,
    *,
    query: dict[str, str] | None = None,
    locale: str = "en-US",
    lang: str | None = None,
    classroom: bool = False,
) -> AppTest:
    """The dashboard on `page` (None: home), opened with this URL and browser locale, as a
    link to that page opens it: the first run is the page's (lessons/<slug>.py: Streamlit
    finds a page by its file's name before the first run).

    The sidebar's language and classroom mode are set by clicking them, as a student would.
    """
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    at.context["locale"] = locale
    at.query_params.update(query or {})
    if page is not None:
        at.switch_page(page)
    at.run()
    if lang is not None:
        at.segmented_control(key="lang").set_value(lang).run()
    if classroom:
        at.toggle(key="classroom").set_value(True).run()
    return at


def all_text(at: AppTest) -> str:
    """Every piece of text on the page AppTest can read, one per line."""
    parts: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "error",
        "warning",
        "info",
        "success",
        "code",
        "latex",
        "metric",
    ):
        for element in at.get(kind):
            parts.append(str(getattr(element, "value", "")))
            parts.append(str(getattr(element, "label", "")))
    for kind in ("button", "number_input", "toggle", "select_slider", "expander", "page_link"):
        parts += [str(getattr(element, "label", "")) for element in at.get(kind)]
    for table in at.table:
        parts.append(table.value.to_csv())
    for view in _matrix_views(at):  # the numbers folded under each matrix view
        parts.append(view["numbers_label"])
        parts += [",".join(row) for row in view["numbers"]]
    return "\n".join(parts)


def y_table(at: AppTest) -> list[list[str]]:
    """The main Y heatmap's numbers, from its table (the first matrix view: X and K are
    editors)."""
    return heat_tables(at)[0].tolist()


def _component_key(element) -> str:
    """The key a page gave a component (its id is `$$ID-<hash>-<key>`)."""
    return element.proto.id.split("-", 2)[2] if element.proto.id.startswith("$$ID-") else ""


def _unpacked(element) -> dict:
    """A component's data; ours send it as one JSON text under "json" (ui/component_data.py)."""
    data = json.loads(element.proto.json)
    return json.loads(data["json"]) if set(data) == {"json"} else data


def component_data(at: AppTest, key: str) -> dict:
    """The data a components v2 component with this key was given: a player's run
    (ui/player), a matrix view's cells (ui/heatmap)."""
    for element in at.get("bidi_component"):
        if _component_key(element) == key:
            return _unpacked(element)
    raise LookupError(f"no component with key {key!r} on the page")


player_data = component_data


def _matrix_views(at: AppTest) -> list[dict]:
    """Every matrix's data (ui/heatmap.show_matrix; each panel of show_matrices), in page
    order."""
    views = (_unpacked(e) for e in at.get("bidi_component"))
    matrices = (m for data in views for m in data.get("panels", [data]))
    return [data for data in matrices if "numbers" in data]


def heat_tables(at: AppTest) -> list[np.ndarray]:
    """The numbers table folded under each matrix view, in page order (cell texts)."""
    return [np.array(data["numbers"], dtype=object) for data in _matrix_views(at)]


def matrix_numbers(at: AppTest, name: str) -> list[list[list[str]]]:
    """The numbers table folded under every matrix view labelled `name` ("X", "K[0]"), in
    page order: [[cell text, ...] per row] per view."""
    label = catalog("en")["heatmap.as_numbers"].format(name=name)
    return [data["numbers"] for data in _matrix_views(at) if data["numbers_label"] == label]


def figures(at: AppTest) -> list[str]:
    """The keys of every figure the page drew: matrix views and players by their keys, and
    "vega_lite_chart" for each Vega-Lite chart (its proto carries no key)."""
    return [_component_key(e) for e in at.get("bidi_component")] + [
        "vega_lite_chart" for _ in at.get("vega_lite_chart")
    ]


def vega_charts(at: AppTest) -> list[tuple[dict, pd.DataFrame]]:
    """Each Vega-Lite chart on the page: its spec and its data (Streamlit moves a spec's
    inline values into an Arrow table)."""
    return [
        (json.loads(e.proto.spec), convert_arrow_bytes_to_pandas_df(e.proto.data.data))
        for e in at.get("vega_lite_chart")
    ]


def url_writes(monkeypatch) -> list[str]:
    """Every change of st.query_params a run makes, by the public method it calls."""
    writes: list[str] = []
    proxy = type(st.query_params)
    for method in ("from_dict", "__setitem__", "__delitem__", "update", "clear"):
        real = getattr(proxy, method)

        def spy(self, *args, _real=real, _name=method, **kwargs):
            writes.append(_name)
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(proxy, method, spy)
    return writes
