"""Exercise 3 (D2L 7.2): the study note's Conv2D, built and trained by the page, its real
errors shown beside the corrected class (conv_core.Conv2D), which trains. The classes are
fixed code in conv_core; no text a student types is ever run."""

import inspect
import re

import streamlit as st

from conv_core import Conv2D, NoteConv2D, NoteConv2DWithInit, format_number, try_layer
from ui.controls import choice
from ui.i18n import t

LAYERS = {"note": NoteConv2D, "with_init": NoteConv2DWithInit, "fixed": Conv2D}
_LINTER_NOTE = re.compile(r"  # noqa: \w+.*$", re.MULTILINE)  # for the linter, not the student


def note_layer() -> None:
    st.header(t("learn_kernel.ex3_heading"))
    st.markdown(t("learn_kernel.ex3_intro"))
    name = choice(t("learn_kernel.ex3_layer"), list(LAYERS), "learn_kernel.ex3_layer_",
                  key="lk_ex3_layer", default="note")  # fmt: skip
    layer_class = LAYERS[name]
    trial = try_layer(layer_class)
    code_col, result_col = st.columns([3, 2], gap="large")
    source = _LINTER_NOTE.sub("", inspect.getsource(layer_class))
    code_col.code(source, language="python", wrap_lines=True)
    with result_col:
        st.markdown(f"**{t('learn_kernel.ex3_ran')}**")
        if trial.failed_at is not None:
            st.warning(
                t(f"learn_kernel.ex3_failed_{trial.failed_at}"), icon=":material/bug_report:"
            )
            st.code(trial.error, language=None, wrap_lines=True)
        else:
            w1, w2 = trial.weight.flatten().tolist()
            st.success(
                t("learn_kernel.ex3_trained", first=f"{trial.losses[0]:.3f}",
                  last=f"{trial.losses[-1]:.3f}", steps=len(trial.losses),
                  w1=format_number(w1), w2=format_number(w2)),
                icon=":material/check_circle:",
            )  # fmt: skip
            st.markdown(t("learn_kernel.ex3_losses"))
            st.code("\n".join(f"{step:>2}  {loss:.3f}" for step, loss in
                              enumerate(trial.losses, start=1)), language=None)  # fmt: skip
        st.markdown(t(f"learn_kernel.ex3_why_{name}"))
