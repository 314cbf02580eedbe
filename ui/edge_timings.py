"""How long the edge page's three ways take, as a table in the student's language."""

from __future__ import annotations

import streamlit as st
import torch

from conv_core import MethodTimings, same_padding, time_methods
from ui.edge_photo import Picture, photo_slot
from ui.i18n import t


def photo_timings(picture: Picture, K: torch.Tensor) -> MethodTimings:
    """The three ways timed on the whole picture ("same" padding): four photo-sized
    convolutions, run in one of the server's photo slots (ui.edge_photo.photo_slot), whose
    refusal to wait longer is raised as its ValueError."""
    with photo_slot():
        return time_methods(picture.as_tensor(), K, padding=same_padding(K))


def duration_text(seconds: float) -> str:
    """12.3 ms, 4.5 s, 17 min, 2.5 h: the unit a reader takes in at a glance."""
    if seconds < 1:
        return t("edge_detection.ms", value=f"{1e3 * seconds:,.1f}")
    if seconds < 120:
        return t("edge_detection.s", value=f"{seconds:,.1f}")
    if seconds < 2 * 3600:
        return t("edge_detection.min", value=f"{seconds / 60:,.0f}")
    return t("edge_detection.h", value=f"{seconds / 3600:,.1f}")


def timing_table(timings: MethodTimings, how: str) -> None:
    """Method, time and × the fast path; `how` says what "auto" chose."""
    names = {
        "loop": t("edge_detection.time_loop", cells=timings.loop.patch_outputs),
        "auto": t("edge_detection.time_auto", how=how),
        "torch": t("edge_detection.time_torch"),
    }
    rows = timings.rows()
    st.table(
        {
            t("edge_detection.time_method"): [names[name] for name, _, _ in rows],
            t("edge_detection.time_seconds"): [duration_text(s) for _, s, _ in rows],
            t("edge_detection.time_ratio"): [f"{ratio:,.0f}×" for _, _, ratio in rows],
        }
    )
    st.caption(t("edge_detection.time_note", outputs=f"{timings.loop.total_outputs:,}"))
