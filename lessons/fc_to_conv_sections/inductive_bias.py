"""The inductive bias, measured (D2L §7.1): a pattern shown only on the left of the training
images, tested on the right; a dense layer and a convolution trained on the same data."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from conv_core import BIAS_PATTERN, InductiveBias, inductive_bias_experiment
from ui import url_params
from ui.big_numbers import with_commas
from ui.checks import computed
from ui.fc_to_conv_views import matrix_rows
from ui.i18n import t
from ui.sections import on_demand
from ui.shell import classroom_mode

B = "fc_to_conv.bias."  # this section's texts
RAN_KEY = "fc_bias_ran"  # the (seed, size) the button last trained with
SIZE = 12  # the images' side: a 10 × 10 map to mark, trained in about a second


@st.cache_data(max_entries=32, show_spinner=False)
def cached_experiment(seed: int, size: int) -> InductiveBias:
    """One run per (seed, size) for the whole server: the same settings give the same numbers
    (the experiment is seeded), and settings met before answer at once."""
    return inductive_bias_experiment(seed=seed, size=size)


def _train() -> None:
    # Read from the widgets' state, not from arguments fixed at the last draw: a seed typed and
    # the button clicked at once arrive in the same rerun.
    st.session_state[RAN_KEY] = (int(st.session_state["fc_bias_seed"]), SIZE)


def _percent(share: float) -> str:
    return f"{100 * share:.0f} %"


def _scores(result: InductiveBias) -> None:
    """The two test errors side by side, each with its training error and its weights."""
    for column, name, score in zip(
        st.columns(2), ("dense", "conv"), (result.dense, result.conv), strict=True
    ):
        with column, st.container(border=True):
            st.metric(t(f"{B}test_error_{name}"), _percent(score.test_error))
            st.caption(t(f"{B}train_line", train=_percent(score.train_error),
                         weights=with_commas(score.weights)))  # fmt: skip
    if result.conv.test_error < result.dense.test_error:
        found = {name: _percent(1 - score.test_error)
                 for name, score in (("conv", result.conv), ("dense", result.dense))}  # fmt: skip
        st.success(t(f"{B}verdict", **found), icon=":material/lightbulb:")
    else:
        st.info(t(f"{B}verdict_tie"), icon=":material/info:")


def _maps(result: InductiveBias) -> None:
    """Rounded so that the numbers fit in the cells (the maps' peaks are what matters)."""

    def rounded(T, decimals: int):
        return T.round(decimals=decimals)

    matrix_rows(
        [
            (t(f"{B}example_row"), [
                (t(f"{B}example"), rounded(result.example, 2)),
                (t(f"{B}target"), result.example_target),
            ]),
            (t(f"{B}maps_row"), [
                (t(f"{B}dense_map"), rounded(result.dense_map, 1)),
                (t(f"{B}conv_map"), rounded(result.conv_map, 1)),
            ]),
            (t(f"{B}kernel_row"), [
                (t(f"{B}pattern"), BIAS_PATTERN),
                (t(f"{B}kernel"), rounded(result.kernel, 2)),
            ]),
        ],
        key="fc_bias",
    )  # fmt: skip


def _losses(result: InductiveBias) -> None:
    """The mean squared errors too, for those who ask why the error rates are what they are."""
    rows = {
        t(f"{B}layer_{name}"): [f"{score.train_loss:.4f}", f"{score.test_loss:.4f}"]
        for name, score in (("dense", result.dense), ("conv", result.conv))
    }
    with st.expander(t(f"{B}losses")):
        st.table(pd.DataFrame(rows, index=[t(f"{B}loss_train"), t(f"{B}loss_test")]).T)


@st.fragment
def measure_the_bias() -> None:
    """The seed, the button, and (once trained) the scores, the maps and the kernel."""
    st.markdown(t(f"{B}intro"))
    a, b = st.columns([2, 3], vertical_alignment="bottom")
    seed = url_params.number_input(t(f"{B}seed"), "fc_bias_seed", container=a)
    b.button(t(f"{B}run"), key="fc_bias_run", on_click=_train, type="primary")
    ran = st.session_state.get(RAN_KEY)
    if ran is None:
        st.caption(t(f"{B}press"))
        return
    if ran != (seed, SIZE):
        st.caption(t(f"{B}changed", seed=ran[0], size=ran[1]))
    with st.spinner(t(f"{B}running")):
        result = computed(cached_experiment, *ran)
    if result is None:
        return
    st.markdown(t(f"{B}setting", seed=ran[0], size=ran[1], half=ran[1] // 2 - 1))
    _scores(result)
    _maps(result)
    if not classroom_mode():
        _losses(result)


def inductive_bias_section() -> None:
    """The section on page 1, drawn when opened (and trained only when asked)."""
    on_demand("fc_bias", t(f"{B}heading"), measure_the_bias)
