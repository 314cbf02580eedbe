"""Why pad (D2L §7.3.1): how many windows use each input pixel, and which padding keeps the
size; why kernels are odd."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from conv_core import ConvInputError, per_side_padding, use_counts
from lessons.padding_stride_sections.settings import Settings
from ui.checks import computed
from ui.heatmap import show_sized
from ui.i18n import t

ODD_KERNELS = range(1, 8)  # the kernel sizes of the "why odd" table


def why_pad(settings: Settings) -> None:
    """The use counts without padding beside those of the settings, and the padding that
    keeps the size."""
    st.header(t("padding_stride.why_heading"))
    st.markdown(t("padding_stride.why_intro"))
    (h, w), (kh, kw) = settings.input_shape, settings.kernel_shape
    plain = computed(use_counts, (h, w), (kh, kw))
    chosen = use_counts((h, w), (kh, kw), padding=settings.padding, stride=settings.stride)
    left, right = st.columns(2)
    with left:
        if plain is not None:
            show_sized(
                plain,
                name=t("padding_stride.counts_plain"),
                key="ps_counts_plain",
                max_px=320,
            )
            st.caption(
                t(
                    "padding_stride.counts_plain_caption",
                    corner=int(plain[0, 0]),
                    most=int(plain.max()),
                    kk=kh * kw,
                )
            )
            if int(plain.max()) < kh * kw:
                st.caption(t("padding_stride.counts_plain_short", kh=kh, kw=kw))
    with right:
        show_sized(
            chosen,
            name=t("padding_stride.counts_chosen"),
            key="ps_counts_chosen",
            max_px=320,
        )
        unused = int((chosen == 0).sum())
        st.caption(
            t(
                "padding_stride.counts_chosen_caption",
                corner=int(chosen[0, 0]),
                most=int(chosen.max()),
            )
        )
        if unused:
            st.caption(t("padding_stride.counts_unused", unused=unused))
    st.markdown(t("padding_stride.keep_size", kh=kh, kw=kw, ph=kh - 1, pw=kw - 1))
    st.subheader(t("padding_stride.odd_heading"))
    st.markdown(t("padding_stride.odd_intro"))
    st.table(pd.DataFrame([_odd_row(k) for k in ODD_KERNELS]))


def _odd_row(k: int) -> dict[str, str]:
    """One row of the table: kernel k, total padding k − 1, and its split over both sides."""
    try:
        side = str(per_side_padding(k - 1)[0])
    except ConvInputError:
        side = t("padding_stride.odd_uneven", top=k // 2, bottom=(k - 1) // 2)
    return {
        t("padding_stride.odd_k"): str(k),
        t("padding_stride.odd_total"): str(k - 1),
        t("padding_stride.odd_side"): side,
    }
