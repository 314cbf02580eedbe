"""Small shared widgets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from ui.i18n import option_labels


def choice(
    label: str, options: Sequence[str], prefix: str, *, key: str, default=None, container=st,
    **extra: Any,
) -> str:  # fmt: skip
    """One of `options`, as buttons labelled with the texts `prefix + option`; always one
    chosen, and the buttons wrap onto more rows when the column is narrow (classroom type)."""
    return container.segmented_control(
        label,
        options=options,
        format_func=option_labels(prefix),
        default=default,
        required=True,
        wrap=True,
        key=key,
        **extra,
    )
