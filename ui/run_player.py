"""Training runs, computed once on the server, as the player's panels: the kernel with its
numbers, the loss, the weights against their targets, and the loss surface with the path of
every run on it (1×2 kernels) or the learned kernel's output (3×3 kernels)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import streamlit as st

from conv_core import RecordedRun, RunConfig, loss_grid, record_run, sgd_lr_limit, training_pair
from ui.i18n import t
from ui.player import player
from ui.player.panels import correlation, heatmap, lines, surface

RUN_COLOURS = ("#e8590c", "#1c7ed6", "#2b8a3e")  # one per run compared on one surface
WEIGHT_COLOURS = ("#1c7ed6", "#e8590c", "#2b8a3e", "#ae3ec9", "#f08c00", "#0b7285", "#c2255c")
WEIGHT_COLOURS += ("#5c940d", "#495057")
SPEEDS = (10, 30, 60, 120, 240)  # steps a second
SURFACE_POINTS = 81
SURFACE_SIDE = 2.5  # the grid reaches this far from the lowest point, either way


@st.cache_data(max_entries=64, show_spinner=False)
def cached_run(target: str, lr: float, optimizer: str, seed: int) -> RecordedRun:
    """One run per setting for the whole server: every student with the same settings shares
    it, and a setting seen before answers at once."""
    return record_run(RunConfig(target, lr, optimizer, seed))


@st.cache_data(max_entries=8, show_spinner=False)
def cached_surface(target: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[float]]:
    """The loss over a grid of (w1, w2) around the lowest point, and that point; once a target."""
    pair = training_pair(target)
    return loss_grid(pair.X, pair.Y, pair.K.shape, points=SURFACE_POINTS, half_width=SURFACE_SIDE)


@st.cache_data(max_entries=16, show_spinner=False)
def lr_limit(target: str) -> float:
    """The largest learning rate plain gradient descent survives on this target's input."""
    pair = training_pair(target)
    return sgd_lr_limit(pair.X, pair.K.shape)


def status_note(run: RecordedRun, name: str = "") -> dict:
    """How a run ended, in the student's language, shown from its last step on."""
    prefix = f"{name}: " if name else ""
    step = run.steps_taken
    if run.status == "diverged":
        text = t("learn_kernel.diverged", step=step, first=f"{run.losses[0]:.3g}",
                 last=f"{run.losses[-1]:.3g}", lr=f"{run.config.lr:g}")  # fmt: skip
        if run.config.optimizer == "sgd":
            text += " " + t("learn_kernel.diverged_sgd", limit=f"{lr_limit(run.config.target):.3g}")
        kind = "error"
    elif run.status == "converged":
        text, kind = t("learn_kernel.converged", step=step), "success"
    else:
        text, kind = t("learn_kernel.finished", step=step), "info"
    return {"frame": step, "kind": kind, "text": prefix + text}


def _weight_labels(shape: tuple[int, int]) -> list[str]:
    return [f"K[{i}, {j}]" for i in range(shape[0]) for j in range(shape[1])]


def play_run(run: RecordedRun, *, key: str) -> None:
    """One run: its kernel, loss, weights, and its path on the loss surface or its output."""
    pair = training_pair(run.config.target)
    target = pair.K.flatten().tolist()
    panels = [
        heatmap(run.weights.reshape(-1, *run.kernel_shape), title=t("learn_kernel.kernel_now"),
                px=240 if run.kernel_shape[1] == 2 else 300),
        lines(t("learn_kernel.loss_chart"), [{"name": t("learn_kernel.history_loss"),
              "colour": RUN_COLOURS[0], "values": run.losses}], log=True),
    ]  # fmt: skip
    if len(target) == 2:
        w1, w2, losses, best = cached_surface(run.config.target)
        path = {"name": "", "colour": RUN_COLOURS[0], "points": run.weights}
        panels.append(surface(t("learn_kernel.surface_chart"), w1, w2, losses, best, [path]))
    else:
        kernels = run.weights.reshape(-1, *run.kernel_shape)
        panels.append(correlation(pair.X, kernels, title=t("learn_kernel.prediction"), px=300))
    panels.append(
        lines(
            t("learn_kernel.weights_chart"),
            [
                {"name": label, "colour": WEIGHT_COLOURS[i % len(WEIGHT_COLOURS)],
                 "values": run.weights[:, i], "target": target[i]}
                for i, label in enumerate(_weight_labels(run.kernel_shape))
            ],
        )
    )  # fmt: skip
    player(
        key=key,
        frames=run.steps_taken + 1,
        panels=panels,
        speeds=SPEEDS,
        speed=30 if run.steps_taken < 250 else 60,
        counter=t("learn_kernel.counter"),
        notes=[status_note(run)],
    )


def play_compared(runs: Sequence[tuple[str, RecordedRun]], *, key: str) -> None:
    """Two or three runs of the 1×2 kernel played in step: their paths on one loss surface,
    their losses on one chart, how each ended on its own line."""
    target = runs[0][1].config.target
    w1, w2, losses, best = cached_surface(target)
    paths = [
        {"name": name, "colour": RUN_COLOURS[i], "points": run.weights}
        for i, (name, run) in enumerate(runs)
    ]
    curves = [
        {"name": name, "colour": RUN_COLOURS[i], "values": run.losses}
        for i, (name, run) in enumerate(runs)
    ]
    player(
        key=key,
        frames=max(run.steps_taken for _, run in runs) + 1,
        panels=[
            surface(t("learn_kernel.surface_chart"), w1, w2, losses, best, paths),
            lines(t("learn_kernel.loss_chart"), curves, log=True),
        ],
        speeds=SPEEDS,
        speed=30,
        counter=t("learn_kernel.counter"),
        notes=[status_note(run, name) for name, run in runs],
    )


def run_table(run: RecordedRun) -> dict[str, list]:
    """The run as numbers, a row a step: what the player draws, for a table."""
    labels = _weight_labels(run.kernel_shape)
    return {
        t("learn_kernel.history_step"): list(range(run.steps_taken + 1)),
        t("learn_kernel.history_loss"): [f"{loss:.6g}" for loss in run.losses],
        **{label: np.round(run.weights[:, i].astype(float), 6).tolist()
           for i, label in enumerate(labels)},
    }  # fmt: skip
