"""Every URL parameter of the dashboard, with its type and range, read in one place.

A link is user input: a teacher posts it, students open it, anyone can edit it. Before any
page draws a widget, the router calls `check_url()`: a value that is not a number, not
finite, not whole, empty, too long, not one of the choices, or of an unknown name is dropped
(the widget falls back to its default); a number outside the widget's range is clamped to
it. What was wrong is kept for the page to say in one short line.

The widgets that hold these parameters take their range and default from `PARAMS` too
(`number_input`, `slider`), so the table is the one place a limit is written. URLs hold
language-independent names (`?lang=zh`, `?edge_sample=rings`): a choice is kept in the URL by
`choice_from_url` / `keep_choice_in_url`, not by Streamlit's binding, which writes the label
shown. An old link that holds a label (`?lang=中文`, `?edge_source=上传`) still opens.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from ui.i18n import LANGUAGES, catalog, t

MAX_VALUE_CHARS = 4000  # longer than any matrix the lab takes (16×16 cells)
_PROBLEMS_KEY = "url_param_problems"
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－＋", "0123456789.-+")


@dataclass(frozen=True)
class Param:
    """One URL parameter. `kind`: "int" (whole numbers low…high), "rate" (the nearest of
    `options`, numbers), "choice" (one of `options`, by name), "bool", or "text" (a matrix,
    read by its page). `labels`: the locale prefix of the options' labels, for old links."""

    kind: str
    default: Any = None
    low: int | None = None
    high: int | None = None
    options: tuple = ()
    labels: str | None = None
    aliases: dict[str, str] = field(default_factory=dict)


def _int(low: int, high: int, default: int) -> Param:
    return Param("int", default, low, high)


def _choice(options, default: str, labels: str | None = None, **aliases: str) -> Param:
    return Param("choice", default, options=tuple(options), labels=labels, aliases=aliases)


EDGE_EXERCISES = ("diagonal", "direction", "derivative", "blur")  # D2L §7.2 exercises 1, 2
PADDING, STRIDE = _int(0, 5, 0), _int(0, 5, 1)  # stride 0 allowed: the page says why not
# One layer of the receptive-field stack: kernel, stride, dilation, padding (stride and
# dilation 0 allowed, as above, so that the page can say why they are not).
_RF_LAYER = {"k": _int(1, 7, 3), "s": _int(0, 3, 1), "d": _int(0, 4, 1), "p": _int(0, 3, 0)}

# The shell's parameters, read on every run of every page.
_SHELL: dict[str, Param] = {
    "lang": _choice(LANGUAGES, "en", **{label: code for code, label in LANGUAGES.items()}),
    "classroom": Param("bool", False),
}


@functools.cache
def _table() -> dict[str, Param]:
    """Every parameter, the shell's and the lessons'. The lessons' ranges and choices come
    from conv_core, which imports torch (~1 s): the table is built on first use, so that a
    link with none of them (the home page, a server's first visit) does not wait for it."""
    from conv_core import (
        BLURS,
        CHANNEL_KERNELS,
        DERIVATIVE_PARTS,
        DISPLAY_MODES,
        KERNELS,
        LEARNING_RATES,
        LECTURE,
        LECTURE_KERNEL,
        MAX_BLUR_RADIUS,
        MAX_ORDER,
        MIXINGS,
        OPTIMIZERS,
        PICTURE_MAX_SHIFT,
        PICTURE_SIDE,
        SAMPLES,
        TARGETS,
    )

    return {
        **_SHELL,
        # 1. from fully connected to convolution
        # (zero sizes are allowed so that the page can say why they are not)
        "fc_height": _int(0, 100_000, LECTURE["height"]),
        "fc_width": _int(0, 100_000, LECTURE["width"]),
        "fc_hidden": _int(1, 100_000, LECTURE["hidden"]),
        "fc_channels": _int(1, 4, LECTURE["channels"]),
        "fc_kernel": _int(1, 99, LECTURE_KERNEL),
        "fc_delta": _int(0, 10, 1),
        "fc_x_rows": _int(1, 32, 3),
        "fc_x_cols": _int(1, 32, 3),
        "fc_padding": _int(0, 3, 0),
        "fc_stride": _int(1, 3, 1),
        "fc_dy": _int(-PICTURE_MAX_SHIFT, PICTURE_MAX_SHIFT, 2),
        "fc_dx": _int(-PICTURE_MAX_SHIFT, PICTURE_MAX_SHIFT, 3),
        "fc_i": _int(0, PICTURE_SIDE - 1, 5),
        "fc_j": _int(0, PICTURE_SIDE - 1, 3),
        # its sections drawn on demand (ui/sections.py): open or closed
        **{key: Param("bool", False) for key in ("fc_dense", "fc_shift", "fc_local", "fc_waldo")},
        # 2. the cross-correlation lab
        "X": Param("text"),
        "K": Param("text"),
        "padding": PADDING,
        "stride": STRIDE,
        # 3. edge detection
        "edge_source": _choice(("sample", "upload", "camera"), "sample", "edge_detection.source_"),
        "edge_sample": _choice(SAMPLES, "house", "edge_detection.sample_"),
        "edge_kernel": _choice((*KERNELS, "custom"), "edge_1x2", "edge_detection.kernel_"),
        "edge_display": _choice(DISPLAY_MODES, "signed", "edge_detection.display_"),
        # its exercises (D2L §7.2, exercises 1 and 2)
        "edge_exercise": _choice(EDGE_EXERCISES, "diagonal", "edge_detection.ex_"),
        "edge_angle": _int(-180, 180, 45),
        "edge_parts": _choice(DERIVATIVE_PARTS, "sobel", "edge_detection.ex2a_parts_"),
        "edge_order": _int(1, MAX_ORDER, 2),
        "edge_blur": _choice(BLURS, "gaussian", "edge_detection.ex2c_blur_"),
        "edge_blur_radius": _int(0, MAX_BLUR_RADIUS, 4),
        # 4. learn a kernel
        "target": _choice(TARGETS, "book_edge", "learn_kernel.target_"),
        "optimizer": _choice(OPTIMIZERS, "sgd", "learn_kernel.optimizer_"),
        "lr": Param("rate", options=LEARNING_RATES),
        "seed": _int(0, 2**31 - 1, 0),
        # 5. 1-D and 3-D
        "d1_padding": PADDING,
        "d1_stride": STRIDE,
        "d3_open": Param("bool", False),  # the 3-D section, drawn on demand
        "d3_padding": PADDING,
        "d3_stride": STRIDE,
        # 6. feature maps and receptive fields: a stack of up to RF_MAX_LAYERS layers
        "rf_layers": _int(1, 4, 3),
        "rf_size": _int(3, 32, 12),
        **{f"rf_{name}{n}": spec for n in range(1, 5) for name, spec in _RF_LAYER.items()},
        "rf_i": _int(0, 31, 2),
        "rf_j": _int(0, 31, 2),
        "rf_dk": _int(1, 5, 3),
        "rf_dd": _int(1, 4, 2),
        # 7. channels
        "ch_source": _choice(("sample", "upload", "camera"), "sample", "edge_detection.source_"),
        "ch_sample": _choice(SAMPLES, "discs", "edge_detection.sample_"),
        "ch_kernel": _choice((*CHANNEL_KERNELS, "custom"), "luminance", "channels.kernel_"),
        "ch_padding": _int(0, 5, 1),
        "ch_stride": STRIDE,
        "ch_row": _int(0, 100, 11),
        "ch_col": _int(0, 100, 50),
        "ch_mixing": _choice((*MIXINGS, "custom"), "grey", "channels.mixing_"),
    }


def spec_of(name: str) -> Param | None:
    """The parameter called `name`, None if there is none; the lessons' table only when the
    name is not the shell's."""
    return _SHELL[name] if name in _SHELL else _table().get(name)


def __getattr__(name: str) -> Any:
    """`PARAMS`, every parameter by name: built when a page first asks for it (_table)."""
    if name == "PARAMS":
        return _table()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Problem:
    """What was wrong with one parameter of a link, and the value used instead (None: the
    default)."""

    name: str
    reason: str
    used: str | None = None


def read_value(spec: Param, raw: str) -> tuple[str | None, str | None]:
    """The value to keep in the URL (None: drop it) and what was wrong (None: nothing; a
    label read as its name or "07" read as 7 are not problems)."""
    if spec.kind == "text":  # a matrix: its page reads it, and says what is wrong with it
        return raw, None
    text = raw.strip()
    if len(raw) > MAX_VALUE_CHARS:
        return None, "too_long"
    if not text:
        return None, "empty"
    if spec.kind == "bool":
        lowered = text.lower()
        return (lowered, None) if lowered in ("true", "false") else (None, "not_bool")
    if spec.kind == "choice":
        name = _option_named(spec, text)
        return (name, None) if name is not None else (None, "not_option")
    number = _number(text)
    if number is None:
        return None, "not_number"
    if not math.isfinite(number):
        return None, "not_finite"
    if spec.kind == "rate":
        if number <= 0:
            return None, "not_option"
        nearest = min(spec.options, key=lambda r: abs(math.log(r) - math.log(number)))
        return f"{nearest:g}", None if math.isclose(nearest, number) else "rounded"
    if number != int(number):
        return None, "not_whole"
    whole = int(number)
    clamped = min(max(whole, spec.low), spec.high)
    return str(clamped), None if clamped == whole else "clamped"


def _number(text: str) -> float | None:
    # Full-width digits and the typographic minus come from documents and Chinese keyboards.
    try:
        return float(text.translate(_FULL_WIDTH).replace("−", "-"))
    except ValueError:
        return None


def _option_named(spec: Param, text: str) -> str | None:
    """The option `text` names: the option, an alias, or its label in either language."""
    lowered = text.casefold()
    for option in spec.options:
        if str(option).casefold() == lowered:
            return option
    if text in spec.aliases:
        return spec.aliases[text]
    if spec.labels is not None:
        for lang in LANGUAGES:
            table = catalog(lang)
            for option in spec.options:
                label = table.get(f"{spec.labels}{option}")
                if label is not None and label.casefold() == lowered:
                    return option
    return None


def check_url() -> None:
    """Put st.query_params right before any widget reads it; keep what was wrong.

    Called by the router on every run: the run that opens a link finds the problems; later
    runs find none, the URL having been put right.
    """
    problems, changed = [], False
    for name in list(st.query_params):
        raw = st.query_params.get(name, "")
        spec = spec_of(name)
        kept, reason = (None, "unknown") if spec is None else read_value(spec, raw)
        if kept != raw:
            changed |= _set(name, kept)
        if reason is not None:
            problems.append(Problem(name, reason, kept))
    if changed:
        _seed_widgets_from_the_checked_url()
    if problems:
        st.session_state[_PROBLEMS_KEY] = (None, problems)  # the page is known once routed


def _seed_widgets_from_the_checked_url() -> None:
    """Make the checked URL the one bound widgets start from.

    A widget bound to the URL seeds itself from the query string the session was opened
    with, not from st.query_params, and Streamlit 1.67 lets some values through to a
    traceback (`?padding=inf`: OverflowError in number_input). Its QueryParams object can
    take the current parameters as the initial ones (what Streamlit itself does after a page
    switch); that method is internal, so streamlit is pinned and tests/app/test_url_params.py
    opens such links.
    """
    from streamlit.runtime.state.session_state_proxy import get_session_state

    with get_session_state().query_params() as query_params:
        query_params.set_initial_query_params_from_current()


def _set(name: str, value: str | None) -> bool:
    """Change or drop one parameter; False if a widget drawn before holds it (and its value)."""
    try:
        if value is None:
            del st.query_params[name]
        else:
            st.query_params[name] = value
    except st.errors.StreamlitAPIException:
        return False
    return True


def show_problems(page: str) -> None:
    """One short line, in the page's language, for what the link that opened it got wrong."""
    found_on, problems = st.session_state.get(_PROBLEMS_KEY, (page, ()))
    if found_on is None:  # the link opened this page: say it here, as long as it is shown
        st.session_state[_PROBLEMS_KEY] = (found_on := page, problems)
    if found_on != page or not problems:
        return
    items = []
    for problem in problems:
        spec = spec_of(problem.name)
        limits = {"low": spec.low, "high": spec.high} if spec is not None else {}
        reason = t(f"shell.url_{problem.reason}", used=problem.used, **limits)
        items.append(t("shell.url_item", name=problem.name[:40], reason=reason))
    st.warning(t("shell.url_problems", items="; ".join(items)), icon=":material/link_off:")


# ---------------------------------------------------------------- widgets that use the table


def number_input(label: str, key: str, *, container=st, **options: Any) -> int:
    """A whole-number input whose range and default are PARAMS[key]'s, kept in the URL."""
    spec = _table()[key]
    return int(
        container.number_input(
            label, min_value=spec.low, max_value=spec.high, value=spec.default, step=1, key=key,
            bind="query-params", **options,
        )
    )  # fmt: skip


def slider(label: str, key: str, *, container=st, **options: Any) -> int:
    """A whole-number slider whose range and default are PARAMS[key]'s, kept in the URL."""
    spec = _table()[key]
    return int(
        container.slider(label, spec.low, spec.high, spec.default, key=key,
                         bind="query-params", **options)
    )  # fmt: skip


def choice_from_url(key: str, default: str | None = None) -> None:
    """Start the choice widget `key` from the URL's name (else `default`, else the table's).

    Call before drawing the widget, which must then be drawn without a default of its own.
    """
    if key not in st.session_state:
        spec = spec_of(key)
        value = st.query_params.get(key)
        st.session_state[key] = value if value in spec.options else (default or spec.default)


def keep_choice_in_url(key: str, value: str, default: str | None = None) -> None:
    """Keep the chosen name in the URL; leave it out at its default, for a clean link."""
    write_param(key, value, default or spec_of(key).default)


def write_param(name: str, text: str, default: str) -> None:
    """Keep `name` in the URL up to date; leave it out at its default, for a clean link."""
    if text == default:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != text:
        st.query_params[name] = text
