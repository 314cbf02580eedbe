"""From a fully connected layer to a convolution in four steps (D2L §7.1.2–7.1.3): each step's
equation, its count of free weights written out, and the four counts on a log scale."""

from __future__ import annotations

import math

import streamlit as st

from conv_core import DerivationCounts, LocalityWindow
from ui.big_numbers import in_words
from ui.heatmap import WINDOW_COLOUR
from ui.i18n import t
from ui.shell import chart_type_config, figure_font_size

# (locale name, the step's equation, its count of free weights with {placeholders})
STEPS = (
    (
        "step1",
        r"[\mathbf{H}]_{i,j} = [\mathbf{U}]_{i,j} + \sum_k \sum_l [\mathsf{W}]_{i,j,k,l}"
        r"\, [\mathbf{X}]_{k,l}",
        r"(h w)^2 = ({h} \cdot {w})^2",
    ),
    (
        "step2",
        r"[\mathsf{V}]_{i,j,a,b} = [\mathsf{W}]_{i,j,i+a,j+b} \quad\Rightarrow\quad "
        r"[\mathbf{H}]_{i,j} = [\mathbf{U}]_{i,j} + \sum_a \sum_b [\mathsf{V}]_{i,j,a,b}"
        r"\, [\mathbf{X}]_{i+a,j+b}",
        r"(h w)^2 = ({h} \cdot {w})^2",
    ),
    (
        "step3",
        r"[\mathsf{V}]_{i,j,a,b} = [\mathbf{V}]_{a,b} \quad\Rightarrow\quad "
        r"[\mathbf{H}]_{i,j} = u + \sum_a \sum_b [\mathbf{V}]_{a,b}\, [\mathbf{X}]_{i+a,j+b}",
        r"(2h - 1)(2w - 1) = (2 \cdot {h} - 1)(2 \cdot {w} - 1)",
    ),
    (
        "step4",
        r"[\mathbf{H}]_{i,j} = u + \sum_{a=-\Delta}^{\Delta} \sum_{b=-\Delta}^{\Delta}"
        r" [\mathbf{V}]_{a,b}\, [\mathbf{X}]_{i+a,j+b}",
        r"(2\Delta + 1)^2 = (2 \cdot {delta} + 1)^2",
    ),
)

# When the window reaches past the image, only the offsets that exist are counted.
CAPPED_FORMULA = (
    r"\min(2\Delta + 1,\, 2h - 1) \cdot \min(2\Delta + 1,\, 2w - 1)"
    r" = \min({n}, {rows}) \cdot \min({n}, {cols})"
)
BAR_LABELS = ("1. W[i, j, k, l]", "2. V[i, j, a, b]", "3. V[a, b]", "4. |a|, |b| ≤ Δ")
BAR_COLOURS = ("#868e96", "#868e96", "#1c7ed6", WINDOW_COLOUR)


def latex_int(n: int) -> str:
    """12,345 with LaTeX's unspaced comma: 12{,}345."""
    return f"{n:,}".replace(",", r"{,}")


def show_steps(
    h: int, w: int, delta: int, counts: DerivationCounts, kept: LocalityWindow, lang: str
) -> None:
    """Each step in its box: title, text, equation, and its free weights counted out."""
    numbers = dict(h=h, w=w, delta=delta, n=kept.side, rows=kept.offsets_h, cols=kept.offsets_w)
    for number, ((name, equation, formula), count) in enumerate(
        zip(STEPS, counts, strict=True), start=1
    ):
        if name == "step4" and kept.capped:
            formula = CAPPED_FORMULA
        with st.container(border=True):
            st.subheader(f"{number}. {t(f'fc_to_conv.{name}_title')}")
            st.markdown(t(f"fc_to_conv.{name}_text"))
            st.latex(equation)
            st.markdown(t("fc_to_conv.after_step", count=in_words(count, lang)))
            st.latex(f"{formula.format(**numbers)} = {latex_int(count)}")


_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _decades(top: int) -> tuple[list[int], str]:
    """A log axis's ticks up to top¹·¹⁵ (at most about ten labelled decades) and Vega's
    expression labelling each 10 with its power in superscript: 10⁶."""
    powers = range(0, int(math.log10(top) * 1.15) + 1, math.ceil(math.log10(top) / 8))
    labels = " : ".join(f"datum.value == {10**e} ? '10{str(e).translate(_SUPERSCRIPTS)}'"
                        for e in powers)  # fmt: skip
    return [10**e for e in powers], f"{labels} : ''"


def counts_chart(counts: DerivationCounts, lang: str) -> None:
    """The four counts on a log scale: each bar is one step of the derivation. Vega-Lite
    (Streamlit's own charts) loads faster on the page's first screen than Plotly."""
    values = [
        {"step": label, "count": float(max(c, 1)), "words": in_words(c, lang), "colour": colour}
        for label, c, colour in zip(BAR_LABELS, counts, BAR_COLOURS, strict=True)
    ]  # a log axis has no 0
    top = max(counts.fully_connected, 10)
    ticks, labels = _decades(top)
    # labelLimit: the steps' labels whole, in classroom type too
    x = {"field": "step", "type": "nominal", "sort": None, "title": None,
         "axis": {"labelAngle": 0, "labelLimit": 400}}  # fmt: skip
    y = {
        "field": "count",
        "type": "quantitative",
        "title": t("fc_to_conv.log_axis"),
        "scale": {"type": "log", "domain": [1, top**1.15]},
        "axis": {"values": ticks, "labelExpr": labels},
    }
    size = figure_font_size()
    spec = {
        "data": {"values": values},
        "encoding": {"x": x, "y": y},
        "layer": [
            {
                "mark": {"type": "bar"},
                "encoding": {
                    "y2": {"datum": 1},  # a bar on a log axis starts at 10⁰, not at 0
                    "color": {"field": "colour", "type": "nominal", "scale": None},
                    "tooltip": [
                        {"field": "step", "title": t("fc_to_conv.chart_step")},
                        {"field": "count", "title": t("fc_to_conv.chart_count"), "format": ",.0f"},
                    ],
                },
            },
            {
                "mark": {"type": "text", "baseline": "bottom", "dy": -4, "fontSize": size},
                "encoding": {"text": {"field": "words"}},
            },
        ],
        "config": chart_type_config(),
    }
    st.vega_lite_chart(spec, height=360, key="fc_counts_chart", alt=t("fc_to_conv.counts_alt"))
