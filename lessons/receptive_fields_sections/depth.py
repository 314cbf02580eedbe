"""Deeper, not wider: a stack's weights against one kernel with the same receptive field."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from conv_core import growth_with_depth
from ui.i18n import t


def deeper_sees_more(layers) -> None:
    """Layer by layer: weights so far, the field they see, and one kernel that large."""
    st.header(t("receptive_fields.depth_heading"))
    st.markdown(t("receptive_fields.depth_intro"))
    rows = growth_with_depth(layers)
    st.table(
        pd.DataFrame(
            [[row.depth, row.weights_per_layer, row.total_weights,
              f"{row.field[0]}×{row.field[1]}", row.one_kernel_weights] for row in rows],
            columns=[t(f"receptive_fields.col_{c}") for c in
                     ("depth", "weights", "total", "field", "one_kernel")],
        ),
    )  # fmt: skip
    deepest = rows[-1]
    st.markdown(
        t("receptive_fields.depth_summary", depth=deepest.depth, total=deepest.total_weights,
          field=f"{deepest.field[0]}×{deepest.field[1]}", one=deepest.one_kernel_weights)
    )  # fmt: skip
    st.caption(t("receptive_fields.depth_note"))
