"""A page's checks: conv_core's refusals shown as messages, and two ways of computing the
same thing agreeing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st
import torch

from ui.i18n import error_text

Result = TypeVar("Result")

TOLERANCE = 1e-4  # relative to the largest value: float32 sums of a few hundred terms


def computed(operation: Callable[..., Result], *args: Any, **options: Any) -> Result | None:
    """`operation(*args, **options)`, or None with its refusal (a ValueError) shown as an
    error message in the student's language where the result would have been."""
    try:
        return operation(*args, **options)
    except ValueError as err:
        st.error(error_text(err), icon=":material/error:")
        return None


def agreement(reference: torch.Tensor, *others: torch.Tensor, agree: str, disagree: str) -> bool:
    """Say whether every one of `others` equals `reference` to float32 precision.

    `agree` and `disagree` are texts already translated, with `{diff}` for the largest
    difference; a disagreement is a bug, shown as an error.
    """
    return say_agreement(difference(reference, *others), agree=agree, disagree=disagree)


def difference(reference: torch.Tensor, *others: torch.Tensor) -> tuple[float, float]:
    """The largest difference of any of `others` from `reference`, and the scale it is
    judged against (`reference`'s largest |value|, at least 1): what `say_agreement` says."""
    worst = max(float((other - reference).abs().max()) for other in others)
    scale = max(1.0, float(reference.abs().max())) if reference.numel() else 1.0
    return worst, scale


def say_agreement(found: tuple[float, float], *, agree: str, disagree: str) -> bool:
    """`agree` when `difference`'s (worst, scale) is within float32 precision, else
    `disagree` as an error (a bug); True when they agree."""
    worst, scale = found
    ok = worst <= TOLERANCE * scale
    text = (agree if ok else disagree).format(diff=f"{worst:.1e}")
    if ok:
        st.success(text, icon=":material/check_circle:")
    else:
        st.error(text, icon=":material/bug_report:")
    return ok
