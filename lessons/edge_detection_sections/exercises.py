"""The chapter's exercises on edges and kernels (D2L §7.2, exercises 1 and 2; zh 6.2, 1 and 4),
each a thing to try: predict what [1, −1] makes of a diagonal, then build kernels from a
recipe (a direction, derivatives, the Chinese edition's integral, a blur) and run them."""

import streamlit as st
import torch

from conv_core import (
    BLURS,
    DERIVATIVE_PARTS,
    DIAGONAL_CASES,
    EDGE_PATTERNS,
    INTEGRAL_SIGNALS,
    INTEGRAL_SPACINGS,
    SPACINGS,
    blur_kernel,
    derivative_check,
    diagonal_case,
    direction,
    direction_kernel,
    edge_pattern,
    format_number,
    integral_check,
    keeps_brightness,
    polynomial_text,
)
from ui import url_params
from ui.checks import agreement
from ui.controls import choice
from ui.edge_output import on_a_sample
from ui.heatmap import show_matrix, show_sized
from ui.i18n import option_labels, t
from ui.step_view import revealed_text, revealed_values
from ui.url_params import EDGE_EXERCISES, in_url

GUESSES_KEY = "edge_ex1_guesses"  # case -> the pattern the student predicted for it
EMPTY_KEY = "edge_ex1_empty"  # the case whose "reveal" was pressed with nothing chosen
GUESS_KEY = "edge_ex1_guess"
PATTERN_LABELS = "edge_detection.ex1_pattern_"


def _url_choice(label: str, options, prefix: str, key: str, container=st) -> str:
    """A choice kept in the URL by its name (ui.url_params.PARAMS[key])."""
    return in_url(key, lambda k: choice(label, options, prefix, key=k, container=container))


@st.fragment
def exercises() -> None:
    """A fragment: trying a kernel reruns this part only, not the book's heatmaps or the photo."""
    st.header(t("edge_detection.ex_heading"))
    st.markdown(t("edge_detection.ex_intro"))
    which = _url_choice(t("edge_detection.ex_choice"), EDGE_EXERCISES, "edge_detection.ex_",
                        "edge_exercise")  # fmt: skip
    {"diagonal": _diagonal, "direction": _direction, "derivative": _derivative,
     "integral": _integral, "blur": _blur}[which]()  # fmt: skip


# ---------------------------------------------------------------- exercise 1: a diagonal edge


def _reveal(case: str) -> None:
    guess = st.session_state.get(GUESS_KEY)
    if guess is None:
        st.session_state[EMPTY_KEY] = case
        return
    st.session_state[EMPTY_KEY] = None
    st.session_state[GUESSES_KEY][case] = guess


def _hide_again(case: str) -> None:
    st.session_state[GUESSES_KEY].pop(case, None)
    st.session_state[GUESS_KEY] = None


def _diagonal() -> None:
    """Predict which edges Y holds for K, Xᵀ and Kᵀ, then see Y and why."""
    st.subheader(t("edge_detection.ex1_heading"))
    st.markdown(t("edge_detection.ex1_intro"))
    if GUESSES_KEY not in st.session_state:
        st.session_state[GUESSES_KEY] = {}
    case = choice(t("edge_detection.ex1_case"), DIAGONAL_CASES, "edge_detection.ex1_case_",
                  key="edge_ex1_case", default="k")  # fmt: skip
    found = diagonal_case(case)
    guesses = st.session_state[GUESSES_KEY]
    guess = guesses.get(case)
    x_col, k_col, y_col = st.columns([7, 3, 7], gap="medium")
    with x_col:
        show_sized(found.X, name="X", key="edge_ex1_x", max_px=280, picture=True)
    with k_col:
        show_sized(found.K, name="K", key="edge_ex1_k", max_px=120)
    with y_col:
        if guess is None:  # hidden, as the quiz hides its cell: blank cells, no numbers
            show_sized(revealed_values(found.Y, 0), name="Y", key="edge_ex1_y_hidden",
                       text=revealed_text(found.Y, 0), max_px=280,
                       colour_by=found.Y)  # fmt: skip
        else:
            show_sized(found.Y, name="Y", key="edge_ex1_y", max_px=280)
    if guess is None:
        with st.form("edge_ex1_form", border=False):
            st.radio(t("edge_detection.ex1_prompt"), EDGE_PATTERNS, index=None, key=GUESS_KEY,
                     format_func=option_labels(PATTERN_LABELS), horizontal=True)  # fmt: skip
            st.form_submit_button(t("edge_detection.ex1_reveal"), on_click=_reveal, args=(case,),
                                  key="edge_ex1_check")  # fmt: skip
        if st.session_state.get(EMPTY_KEY) == case:
            st.warning(t("edge_detection.ex1_empty"), icon=":material/help:")
    else:
        actual = edge_pattern(found.Y)
        label = option_labels(PATTERN_LABELS)
        params = dict(guess=label(guess), actual=label(actual), ones=found.ones,
                      minus=found.minus_ones)  # fmt: skip
        if guess == actual:
            st.success(t("edge_detection.ex1_right", **params), icon=":material/check_circle:")
        else:
            st.warning(t("edge_detection.ex1_wrong", **params), icon=":material/lightbulb:")
        st.markdown(t(f"edge_detection.ex1_why_{case}"))
        st.button(t("edge_detection.ex1_again"), on_click=_hide_again, args=(case,),
                  key="edge_ex1_again")  # fmt: skip
    right = sum(edge_pattern(diagonal_case(c).Y) == g for c, g in guesses.items())
    st.metric(t("quiz.score"), f"{right} / {len(guesses)}")


# ------------------------------------------------------- exercise 2a: an edge detector for v


def _direction() -> None:
    st.subheader(t("edge_detection.ex2a_heading"))
    st.markdown(t("edge_detection.ex2a_intro"))
    angle_col, parts_col = st.columns(2, gap="large")
    angle = url_params.slider(t("edge_detection.ex2a_angle"), "edge_angle", container=angle_col,
                              step=15, help=t("edge_detection.ex2a_angle_help"))  # fmt: skip
    parts = _url_choice(t("edge_detection.ex2a_parts"), DERIVATIVE_PARTS,
                        "edge_detection.ex2a_parts_", "edge_parts", parts_col)  # fmt: skip
    v1, v2 = direction(angle)
    K = direction_kernel((v1, v2), parts=parts)
    k_col, text_col = st.columns([1, 2], gap="large")
    with k_col:
        show_matrix(K, name="K", key="edge_ex2a_k", max_px=220)
    numbers = {name: format_number(round(value, 3) + 0.0) for name, value in
               (("v1", v1), ("v2", v2), ("e1", v2), ("e2", -v1))}  # fmt: skip
    text_col.markdown(t("edge_detection.ex2a_kernel", angle=angle, **numbers))
    text_col.caption(t(f"edge_detection.ex2a_parts_about_{parts}"))
    on_a_sample(K, "signed", key="edge_ex2a_sample", default="rings")


# ------------------------------------- exercises 2b and 2d: derivatives of order d, smallest


def _derivative() -> None:
    st.subheader(t("edge_detection.ex2bd_heading"))
    st.markdown(t("edge_detection.ex2bd_intro"))
    d_col, h_col = st.columns(2, gap="large")
    d = url_params.slider(t("edge_detection.ex2bd_order"), "edge_order", container=d_col)
    h = h_col.select_slider(t("edge_detection.ex2bd_h"), options=SPACINGS, value=1.0,
                            key="edge_h", format_func=lambda s: f"{s:g}")  # fmt: skip
    check = derivative_check(d, h)
    k_col, text_col = st.columns([1, 2], gap="large")
    with k_col:
        show_matrix(check.kernel, name="K", key="edge_ex2bd_k", max_px=300)
    text_col.markdown(t("edge_detection.ex2bd_kernel", d=d, size=d + 1, short=d))
    if d == 2:
        text_col.info(t("edge_detection.ex2b_second"), icon=":material/lightbulb:")
    st.markdown(t("edge_detection.ex2bd_polynomial", p=polynomial_text(check.coefficients),
                  d=d, h=f"{h:g}", n=len(check.samples), first=format_number(check.x[0]),
                  last=format_number(check.x[-1])))  # fmt: skip
    rows = (
        ("ex2bd_samples", check.samples, "edge_ex2bd_p"),
        ("ex2bd_differences", check.differences, "edge_ex2bd_diff"),
    )
    for text, values, key in rows:
        st.markdown(t(f"edge_detection.{text}", d=d))
        show_matrix(values[None], name=t(f"edge_detection.{text}", d=d), key=key,
                    small=True, max_px=60 * values.numel())  # fmt: skip
    expected = check.expected
    value = format_number(expected)
    agreement(torch.full_like(check.differences, expected), check.differences,
              agree=t("edge_detection.ex2bd_agree", d=d, h=f"{h:g}", value=value),
              disagree=t("edge_detection.ex2bd_disagree", value=value, diff="{diff}"))  # fmt: skip
    st.markdown(t("edge_detection.ex2bd_shorter", d=d, lower=d - 1))
    show_matrix(check.shorter[None], name=t("edge_detection.ex2bd_shorter_name", lower=d - 1),
                key="edge_ex2bd_short", small=True,
                max_px=60 * check.shorter.numel())  # fmt: skip
    st.markdown(t("edge_detection.ex2bd_on_sample", d=d))
    on_a_sample(check.kernel, "signed", key="edge_ex2bd_sample", default="stripes")


# ------------------------------------- the Chinese edition's exercise 4 (2): an integral kernel


def _integral() -> None:
    """[h, …, h] on a signal: the running integral (n = all of it) or a moving sum; and the
    first difference, which gives h·f back."""
    st.subheader(t("edge_detection.int_heading"))
    st.markdown(t("edge_detection.int_intro"))
    signal_col, n_col, h_col = st.columns(3, gap="large")
    signal = choice(t("edge_detection.int_signal"), list(INTEGRAL_SIGNALS),
                    "edge_detection.int_signal_", key="edge_int_signal", default="box",
                    container=signal_col)  # fmt: skip
    longest = len(INTEGRAL_SIGNALS[signal])
    n = n_col.slider(t("edge_detection.int_length"), 1, longest, longest, key="edge_int_n")
    h = h_col.select_slider(t("edge_detection.int_h"), options=INTEGRAL_SPACINGS, value=1.0,
                            key="edge_int_h", format_func=lambda s: f"{s:g}")  # fmt: skip
    check = integral_check(signal, n, h)
    rows = (("int_f", check.samples), ("int_k", check.kernel), ("int_y", check.sums))
    for text, values in rows:
        name = t(f"edge_detection.{text}", n=n, h=f"{h:g}")
        st.markdown(name)
        show_matrix(values[None], name=name, key=f"edge_{text}", small=True,
                    max_px=60 * values.numel())  # fmt: skip
    if not check.running:
        st.info(t("edge_detection.int_moving", n=n, h=f"{h:g}"), icon=":material/lightbulb:")
        return
    st.markdown(t("edge_detection.int_running", h=f"{h:g}"))
    agreement(check.h * check.samples, check.recovered,
              agree=t("edge_detection.int_agree", h=f"{h:g}"),
              disagree=t("edge_detection.int_disagree", diff="{diff}"))  # fmt: skip


# ----------------------------------------------------------------- exercise 2c: design a blur


def _blur() -> None:
    st.subheader(t("edge_detection.ex2c_heading"))
    st.markdown(t("edge_detection.ex2c_intro"))
    kind_col, radius_col, sigma_col = st.columns(3, gap="large")
    kind = _url_choice(t("edge_detection.ex2c_blur"), BLURS, "edge_detection.ex2c_blur_",
                       "edge_blur", container=kind_col)  # fmt: skip
    radius = url_params.slider(t("edge_detection.ex2c_radius"), "edge_blur_radius",
                               container=radius_col)  # fmt: skip
    sigma = 1.0
    if kind == "gaussian":
        sigma = sigma_col.slider(t("edge_detection.ex2c_sigma"), 0.5, 4.0, 2.0, step=0.5,
                                 key="edge_blur_sigma")  # fmt: skip
    K = blur_kernel(kind, radius, sigma)
    k_col, text_col = st.columns([1, 1], gap="large")
    with k_col:
        show_matrix(K, name="K", key="edge_ex2c_k", small=True, max_px=320)
    side = 2 * radius + 1
    text_col.markdown(t("edge_detection.ex2c_kernel", side=side,
                        total=format_number(float(K.double().sum()))))  # fmt: skip
    if keeps_brightness(K):
        text_col.success(t("edge_detection.ex2c_sums_to_one"), icon=":material/check_circle:")
    text_col.caption(t(f"edge_detection.ex2c_why_{kind}"))
    on_a_sample(K, "clip", key="edge_ex2c_sample")
