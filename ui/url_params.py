"""Every URL parameter of the dashboard, with its type and range, and the one way a widget's
value is kept in the URL.

A link is user input. Before any page draws a widget, the router calls `check_url()`: a
value that is not a number, not finite, not whole, empty, too long, not one of the choices,
not a matrix the page can show, or of an unknown name is dropped (the widget falls back to
its default); a number outside the widget's range is clamped. What was wrong is said on the
page, in one short line. URLs hold language-independent names (`?lang=zh`); an old link
that holds a label (`?lang=中文`, `?edge_source=上传`) still opens.

Why a widget is not bound to the URL (`bind="query-params"`): a bound widget starts from the
query string the session was opened with, before `check_url` can put it right, and writes
the label shown rather than the name. So the checked value is put in st.session_state before
the widget exists (`start`, the widget drawn without a default of its own), and written back
to st.query_params after it (`keep`, left out at its default for a clean link).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import streamlit as st

from conv_core import (
    BLURS,
    CHANNEL_KERNELS,
    DERIVATIVE_PARTS,
    DISPLAY_MODES,
    FIELD_KERNELS,
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
    book_example,
)
from ui.class_mode.checks import OWN_PARAMS, read_code  # OWN_PARAMS: every page's
from ui.i18n import LANGUAGES, catalog, error_text, t
from ui.matrix_text import cells_to_matrix, decode_matrix, encode_matrix, shown

MAX_VALUE_CHARS = 4000  # longer than any matrix the lab takes (16×16 cells)
MAX_PARAMS = 100  # a link the lab makes holds far fewer; the rest are not even looked at
HELD_KEY = "held_values"  # the URL-kept values as last kept (keep), for start
_BARE_KEY = "url_bare"  # this run's link holds no page's parameter (check_url)
MAX_LINK_CHARS = 16_000  # names and values read in all: the lab's largest link is ~10 000
MAX_SHOWN = 6  # problems named in the page's line; the others are counted
_PROBLEMS_KEY = "url_param_problems"
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－＋", "0123456789.-+")
T = TypeVar("T")


@dataclass(frozen=True)
class Param:
    """One URL parameter. `kind`: "int" (whole numbers low…high), "rate" (the nearest of
    `options`, numbers), "choice" (one of `options`, by name), "bool", "matrix" (at most
    `shape`), "code" (a class code). `labels`: the options' labels' locale prefix (old links)."""

    kind: str
    default: Any = None
    low: int | None = None
    high: int | None = None
    options: tuple = ()
    labels: str | None = None
    aliases: dict[str, str] = field(default_factory=dict)
    shape: tuple[int, int] | None = None

    def value(self, text: str, name: str) -> Any:
        """A checked URL text as the widget's value."""
        if self.kind == "int":
            return int(text)
        if self.kind == "rate":
            return next(rate for rate in self.options if f"{rate:g}" == text)
        if self.kind == "bool":
            return text == "true"
        if self.kind == "matrix":
            return cells_to_matrix(decode_matrix(text, name, self.shape), name)
        return text

    def text(self, value: Any) -> str:
        """A widget's value as the URL holds it."""
        if self.kind == "int":
            return str(int(value))
        if self.kind == "rate":
            return f"{value:g}"
        if self.kind == "bool":
            return "true" if value else "false"
        if self.kind == "matrix":
            return encode_matrix(value)
        return str(value)


def _int(low: int, high: int, default: int) -> Param:
    return Param("int", default, low, high)


def _choice(options, default: str, labels: str | None = None, **aliases: str) -> Param:
    return Param("choice", default, options=tuple(options), labels=labels, aliases=aliases)


# D2L §7.2 exercises 1, 2 (zh 6.2: 1, 4; the integral is the Chinese edition's 4 (2))
EDGE_EXERCISES = ("diagonal", "direction", "derivative", "integral", "blur")
PADDING, STRIDE = _int(0, 5, 0), _int(0, 5, 1)  # stride 0 allowed: the page says why not
SOURCES = ("sample", "upload", "camera")
BOOK_X, BOOK_K = book_example()
# One layer of the receptive-field stack: kernel, stride, dilation, padding (stride and
# dilation 0 allowed, as above, so that the page can say why they are not).
_RF_LAYER = {"k": _int(1, 7, 3), "s": _int(0, 3, 1), "d": _int(0, 4, 1), "p": _int(0, 3, 0)}
_PS = {"": (1, 16, 8), "k": (1, 9, 3), "p": (0, 8, 0), "s": (0, 8, 1)}  # n, k, p, s (s 0: said)
_PR = {"n": (3, 8, 4), "k": (1, 4, 2), "dy": (-2, 2, 1), "dx": (-2, 2, 1)}  # remove a principle
_OPEN = ("fc_principles", "fc_bias", "lk_bowl", "d3_voxels", "rf_effective")  # drawn on demand

PARAMS: dict[str, Param] = {
    # every page: the language (its default is the browser's) and classroom mode
    "lang": _choice(LANGUAGES, "en", **{label: code for code, label in LANGUAGES.items()}),
    "classroom": Param("bool", False),
    "class": Param("code"),  # class mode's join link, ?class=<code> (ui/class_mode)
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
    **{f"fc_pr_{name}": _int(*spec) for name, spec in _PR.items()},
    **{key: _int(0, 9999, 0) for key in ("fc_bias_seed", "rf_eff_seed")},
    # "Going further" sections of other pages, drawn on demand too (edge, learn, receptive field)
    **{key: Param("bool", False) for key in ("edge_zoom", "edge_timings", "lk_race", "rf_more")},
    # 2. the cross-correlation lab
    "X": Param("matrix", BOOK_X, shape=(16, 16)),
    "K": Param("matrix", BOOK_K, shape=(8, 8)),
    "padding": PADDING,
    "stride": STRIDE,
    **{f"ps_{name}{axis}": _int(*spec) for name, spec in _PS.items() for axis in "hw"},  # 2b.
    "ps_window": _int(1, 32 * 32, 1),  # the most windows: a 16 × 16 input, k = 1, p = 8
    # 3. edge detection
    "edge_source": _choice(SOURCES, "sample", "edge_detection.source_"),
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
    "edge_which": _int(0, 3, 0),  # which kernel made this Y: the round
    # 4. learn a kernel (the learning rate's default is the target's)
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
    # 6. feature maps and receptive fields: a stack of up to 4 layers
    "rf_layers": _int(1, 4, 3),
    "rf_size": _int(3, 32, 12),
    **{f"rf_{name}{n}": spec for n in range(1, 5) for name, spec in _RF_LAYER.items()},
    "rf_i": _int(0, 31, 2),
    "rf_j": _int(0, 31, 2),
    "rf_dk": _int(1, 5, 3),
    "rf_dd": _int(1, 4, 2),
    **{key: Param("bool", False) for key in _OPEN},  # issue 23's sections and 3-D views
    "rf_eff_kernels": _choice(FIELD_KERNELS, "random", "receptive_fields.effective.kernels_"),
    # 7. channels
    "ch_source": _choice(SOURCES, "sample", "edge_detection.source_"),
    "ch_sample": _choice(SAMPLES, "discs", "edge_detection.sample_"),
    "ch_kernel": _choice((*CHANNEL_KERNELS, "custom"), "luminance", "channels.kernel_"),
    "ch_padding": _int(0, 5, 1),
    "ch_stride": STRIDE,
    "ch_row": _int(0, 100, 11),
    "ch_col": _int(0, 100, 50),
    "ch_mixing": _choice((*MIXINGS, "custom"), "grey", "channels.mixing_"),
}


# ---------------------------------------------------------------- reading a link


@dataclass(frozen=True)
class Problem:
    """What was wrong with one parameter of a link: a reason's name (shell.url_<reason>) or
    the matrix's refusal, and the value used instead (None: the default)."""

    name: str
    reason: str | ValueError
    used: str | None = None


def read_value(spec: Param, raw: str, name: str = "") -> tuple[str | None, str | ValueError | None]:
    """The value to keep in the URL (None: drop it) and what was wrong (None: nothing; a
    label read as its name or "07" read as 7 are not problems)."""
    text = raw.strip()
    if len(raw) > MAX_VALUE_CHARS:
        return None, "too_long"
    if not text:
        return None, "empty"
    if spec.kind == "matrix":
        try:
            decode_matrix(text, name, spec.shape)
        except ValueError as err:
            return None, err
        return raw, None
    if spec.kind == "code":  # typed in lower case or with spaces: read as its capitals
        return read_code(text)
    if spec.kind == "bool":
        lowered = text.lower()
        return (lowered, None) if lowered in ("true", "false") else (None, "not_bool")
    if spec.kind == "choice":
        option = _option_named(spec, text)
        return (option, None) if option is not None else (None, "not_option")
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
    """Put st.query_params right before any widget reads it; keep what was wrong. Every run:
    the run that opens a link finds the problems, later ones none. The first MAX_PARAMS
    parameters (up to MAX_LINK_CHARS of names and values) are read, the others dropped
    unread; the URL is rewritten once, whatever the number of changes."""
    link = st.query_params.to_dict()
    checked, problems, read, chars = {}, [], 0, 0
    for name, raw in itertools.islice(link.items(), MAX_PARAMS):
        chars += len(name) + len(raw)
        if chars > MAX_LINK_CHARS:
            break
        read += 1
        spec = PARAMS.get(name)
        kept, reason = (None, "unknown") if spec is None else read_value(spec, raw, name)
        if kept is not None:
            checked[name] = kept
        if reason is not None:
            problems.append(Problem(name, reason, kept))
    if checked != link:
        st.query_params.from_dict(checked)
    st.session_state[_BARE_KEY] = not checked.keys() - OWN_PARAMS  # no page's parameters
    if problems or len(link) > read:
        unread = len(link) - read
        st.session_state[_PROBLEMS_KEY] = (None, problems, unread)  # the page is known once routed


def show_problems(page: str) -> None:
    """One short line, in the page's language, for what the link that opened it got wrong.
    A parameter's name is user text: shown in a code span, on one line and without backticks
    (ui.matrix_text.shown), so that Markdown in it stays text."""
    found_on, problems, unread = st.session_state.get(_PROBLEMS_KEY, (page, (), 0))
    if found_on is None:  # the link opened this page: say it here, as long as it is shown
        st.session_state[_PROBLEMS_KEY] = (found_on := page, problems, unread)
    if found_on != page or not (problems or unread):
        return
    items = [
        t("shell.url_item", name=f"`{shown(problem.name, 40)}`", reason=_reason(problem))
        for problem in problems[:MAX_SHOWN]
    ]
    if len(problems) + unread > len(items):  # a link cut short may have nothing named
        more = "shell.url_more" if items else "shell.url_unread"
        items.append(t(more, count=len(problems) + unread - len(items)))
    st.warning(t("shell.url_problems", items="; ".join(items)), icon=":material/link_off:")


def _reason(problem: Problem) -> str:
    if isinstance(problem.reason, ValueError):
        return error_text(problem.reason)
    spec = PARAMS.get(problem.name)
    limits = {"low": spec.low, "high": spec.high} if spec is not None else {}
    return t(f"shell.url_{problem.reason}", used=problem.used, **limits)


# ---------------------------------------------------------------- widgets kept in the URL


def url_value(name: str, default: Any = None) -> Any:
    """The value of `name` in the (checked) link, else `default`, else the table's."""
    spec = PARAMS[name]
    text = st.query_params.get(name)
    if text is None:
        return spec.default if default is None else default
    return spec.value(text, name)


def start(key: str, default: Any = None) -> str:
    """Before the widget `key` is drawn: its value from the link, once per session, else the
    value it had when its page was left if the page was opened bare (a sidebar link: an old
    link's missing values are its defaults), else `default`, else the table's. Returns `key`."""
    if key not in st.session_state:
        held = st.session_state.get(HELD_KEY, {}) if st.session_state.get(_BARE_KEY) else {}
        st.session_state[key] = url_value(key, held.get(key, default))
    return key


def keep(name: str, value: Any, default: Any = None) -> None:
    """Keep `value` in the URL as `name` (left out at its default, for a clean link), and for
    `start` to give back when the page is opened again: Streamlit forgets the value of a
    widget a run does not draw, and a sidebar link to a page holds no parameters."""
    st.session_state.setdefault(HELD_KEY, {})[name] = value
    spec = PARAMS[name]
    text = spec.text(value)
    if text == spec.text(spec.default if default is None else default):
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != text:
        st.query_params[name] = text


def in_url(key: str, draw: Callable[[str], T], default: Any = None) -> T:
    """The widget `draw(key)` draws, started from the link and kept in the URL as `key`."""
    value = draw(start(key, default))
    keep(key, value, default)
    return value


def hold_across_languages() -> None:
    """The language widget's on_change: every widget kept in the URL keeps its value.

    A widget whose identity includes its label (an expander) is a new widget in the other
    language, and a choice's browser side holds the label shown; their values, read here
    while the old labels still apply, are set again for the run in the new language."""
    for key in PARAMS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def number_input(label: str, key: str, *, container=st, **options: Any) -> int:
    """A whole-number input whose range and default are PARAMS[key]'s, kept in the URL."""
    spec = PARAMS[key]
    return int(in_url(key, lambda k: container.number_input(
        label, min_value=spec.low, max_value=spec.high, step=1, key=k, **options)))  # fmt: skip


def slider(label: str, key: str, *, container=st, **options: Any) -> int:
    """A whole-number slider whose range and default are PARAMS[key]'s, kept in the URL."""
    spec = PARAMS[key]
    return int(in_url(key, lambda k: container.slider(label, spec.low, spec.high, key=k,
                                                      **options)))  # fmt: skip
