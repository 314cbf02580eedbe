"""The step-through view: one output cell at a time, its window on X and its sum written out,
played in the browser by the player (previous / next / play / scrub, no server round trip)."""

from __future__ import annotations

import pandas as pd
import streamlit as st
import torch

from conv_core import format_number, pad, window
from ui.i18n import t
from ui.player import player
from ui.player.panels import heatmap, text
from ui.shared import shared

SPEEDS = (0.5, 1.0, 2.0, 4.0)  # cells a second
STEP_KEY = "step"  # the cell the player opens on (a preset starts it again at the first)


def revealed_text(Y: torch.Tensor, upto: int, *, mark: str = "") -> list[list[str]]:
    """Y's numbers for the cells before flat index `upto`; `mark` at `upto`; blanks after."""
    ow = Y.shape[1]
    return [
        [
            format_number(y) if i * ow + j < upto else (mark if i * ow + j == upto else "")
            for j, y in enumerate(row)
        ]
        for i, row in enumerate(Y.tolist())
    ]


def revealed_values(Y: torch.Tensor, upto: int) -> torch.Tensor:
    """Y with the cells from flat index `upto` on set to NaN, so the heatmap leaves them blank."""
    shown = Y.clone().flatten()
    shown[upto:] = float("nan")
    return shown.reshape(Y.shape)


def step_frames(X, K, Y, *, padding, stride) -> list[dict]:
    """Every output cell in order: where its window sits on the padded X, and its sum."""
    frames = []
    for step in range(Y.numel()):
        i, j = divmod(step, Y.shape[1])
        cell = window(X, K, i, j, padding=padding, stride=stride)
        frames.append(
            {"i": i, "j": j, "top": cell.top, "left": cell.left, "sum": cell.expression(K)}
        )
    return frames


@shared(maxsize=16)  # one entry of the largest lab (16×16 X, 8×8 K, padding 5) is ~1 MB
def _played(X, K, Y, padding, stride, label: str) -> tuple[list[dict], list[str], list[dict]]:
    """The frames, their sums written out, and the player's three heatmaps (X under `label`)."""
    frames = step_frames(X, K, Y, padding=padding, stride=stride)
    sums = [f"Y[{f['i']}, {f['j']}] = {f['sum']}" for f in frames]
    panels = [
        heatmap(
            pad(X, padding), title=label, padding=tuple(padding),
            boxes=[(f["top"], f["left"], *K.shape) for f in frames], px=420,
        ),
        heatmap(K, title="K", px=200),
        heatmap(Y, title="Y", reveal=True, boxes=[(f["i"], f["j"], 1, 1) for f in frames]),
    ]  # fmt: skip
    return frames, sums, panels


def step_through(X, K, Y, *, padding, stride, show_speed: bool) -> None:
    """Previous / next / play over every output cell of Y = corr2d(X, K, padding, stride)."""
    label = t("step.padded_x") if tuple(padding) != (0, 0) else "X"
    frames, sums, panels = _played(X, K, Y, padding, stride, label)
    player(
        key="step_player",
        frames=len(frames),
        start=min(st.session_state.get(STEP_KEY, 0), len(frames) - 1),
        speeds=SPEEDS if show_speed else (1.0,),
        speed=1.0,
        counter=t("step.counter"),
        counter_offset=1,
        panels=[*panels, text(t("step.sum_heading"), sums)],
    )  # fmt: skip
    _legend(panels)
    # Drawn only while open (opening it reruns the page): every run of every student, and
    # of every follower in a class, would otherwise build and send a table nobody opened.
    with st.expander(t("step.all_sums"), key="step_all_sums", on_change="rerun") as sums_box:
        if sums_box.open:
            st.dataframe(
                pd.DataFrame({t("step.cell"): [f"Y[{f['i']}, {f['j']}]" for f in frames],
                              t("step.sum"): [f["sum"] for f in frames]}),
                hide_index=True,
            )  # fmt: skip


def _legend(panels: list[dict]) -> None:
    """What the player's colours mean, per scale (its canvases carry no legend of their own)."""
    kinds: dict[str, list[str]] = {}
    for spec in panels:
        kinds.setdefault("signed" if spec["diverging"] else "plain", []).append(spec["title"])
    items = [
        t("step.legend_item", names=", ".join(names), legend=t(f"heatmap.legend_{kind}"))
        for kind, names in kinds.items()
    ]
    st.caption(" ".join(items))
