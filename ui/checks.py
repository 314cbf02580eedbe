"""The check a page runs on itself: two ways of computing the same thing agree."""

from __future__ import annotations

import streamlit as st
import torch

TOLERANCE = 1e-4  # relative to the largest value: float32 sums of a few hundred terms


def agreement(reference: torch.Tensor, *others: torch.Tensor, agree: str, disagree: str) -> bool:
    """Say whether every one of `others` equals `reference` to float32 precision.

    `agree` and `disagree` are texts already translated, with `{diff}` for the largest
    difference; a disagreement is a bug, shown as an error.
    """
    worst = max(float((other - reference).abs().max()) for other in others)
    scale = max(1.0, float(reference.abs().max())) if reference.numel() else 1.0
    ok = worst <= TOLERANCE * scale
    text = (agree if ok else disagree).format(diff=f"{worst:.1e}")
    if ok:
        st.success(text, icon=":material/check_circle:")
    else:
        st.error(text, icon=":material/bug_report:")
    return ok
