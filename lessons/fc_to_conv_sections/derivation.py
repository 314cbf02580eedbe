"""From a fully connected layer to a convolution in four steps (D2L §7.1.2–7.1.3), counting
the free weights each step leaves for the calculator's image size."""

import streamlit as st

from conv_core import derivation_parameter_counts, locality_window
from ui import url_params
from ui.big_numbers import in_words, with_commas
from ui.derivation_views import counts_chart, show_steps
from ui.i18n import current_language, t


def four_steps(size: tuple[int, int] | None) -> None:
    """The book's four steps, each with its equation and the free weights it leaves."""
    st.header(t("fc_to_conv.derive_heading"))
    if size is None:
        st.info(t("fc_to_conv.fix_size"), icon=":material/info:")
        return
    h, w = size
    st.markdown(t("fc_to_conv.derive_intro", h=with_commas(h), w=with_commas(w)))
    delta = url_params.slider(t("fc_to_conv.delta"), "fc_delta", help=t("fc_to_conv.delta_help"))
    counts, kept = derivation_parameter_counts(h, w, delta), locality_window(h, w, delta)
    lang = current_language()
    show_steps(h, w, delta, counts, kept, lang)
    if kept.capped:
        st.caption(t("fc_to_conv.delta_capped"))
    counts_chart(counts, lang)
    st.success(
        t("fc_to_conv.derive_point", before=in_words(counts.fully_connected, lang),
          after=with_commas(counts.local)),
        icon=":material/check_circle:",
    )  # fmt: skip
