"""Small shared widgets: a labelled choice, padding and stride, a preset or typed vector,
the player's buttons."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st
import torch

from ui.checks import computed
from ui.i18n import option_labels, t
from ui.matrix_text import parse_numbers

OWN = "own"  # the option of preset_or_typed that opens the text box


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


def padding_and_stride(
    prefix: str = "",
    *,
    max_padding: int = 5,
    min_stride: int = 0,
    max_stride: int = 5,
    containers: Sequence[Any] | None = None,
) -> tuple[int, int]:
    """Padding and stride, one number each for every axis, both kept in the URL as
    `{prefix}padding` and `{prefix}stride`. Stride 0 is allowed by default so that the page
    can say why it is not allowed."""
    left, right = containers if containers is not None else st.columns(2)
    limits = {"padding": (0, max_padding, 0, left), "stride": (min_stride, max_stride, 1, right)}
    chosen = {}
    for name, (low, high, default, container) in limits.items():
        chosen[name] = container.number_input(
            t(f"controls.{name}"),
            min_value=low,
            max_value=high,
            value=default,
            step=1,
            key=f"{prefix}{name}",
            bind="query-params",
            help=t(f"controls.{name}_help"),
        )
    return int(chosen["padding"]), int(chosen["stride"])


def preset_or_typed(
    label: str,
    presets: Mapping[str, Any] | Sequence[str],
    prefix: str,
    *,
    key: str,
    default: str,
    typed_key: str,
    typed_label: str,
    typed_default: str,
    name: str,
    limit: int,
    make: Callable[[str], Any] | None = None,
) -> torch.Tensor | None:
    """A vector from a preset (buttons) or typed by the student ("1, 0, -1"); None, with the
    reason shown, while the typed text is not a list of numbers.

    `presets` maps a name to its values, or lists names that `make(name)` turns into values.
    """
    picked = choice(label, [*presets, OWN], prefix, key=key, default=default)
    if picked != OWN:
        values = make(picked) if make is not None else presets[picked]
        return torch.as_tensor(values, dtype=torch.float32)
    text = st.text_input(typed_label, typed_default, key=typed_key)
    return computed(parse_numbers, text, name, limit)


def player_buttons(
    prefix: str,
    *,
    playing: bool,
    on_play: Callable[[], None],
    on_next: Callable[[], None],
    on_previous: Callable[[], None] | None = None,
    on_reset: Callable[[], None] | None = None,
    next_disabled: bool = False,
    columns: Sequence[Any] | None = None,
) -> bool:
    """Previous / next / play-pause / reset, keyed `{prefix}_previous` … `{prefix}_reset`.

    True when the click needs the whole page to run again (Play or Pause, or Reset while
    playing): a fragment's timer starts and stops only with the page.
    """
    buttons: list[tuple[str, str, Callable | None, dict]] = [
        ("previous", ":material/skip_previous:", on_previous, {}),
        ("next", ":material/skip_next:", on_next, {"disabled": next_disabled}),
        ("play", ":material/pause:" if playing else ":material/play_arrow:", on_play, {}),
        ("reset", ":material/restart_alt:", on_reset, {}),
    ]
    buttons = [button for button in buttons if button[2] is not None]
    slots = columns if columns is not None else st.columns(len(buttons))
    rerun = False
    for slot, (name, icon, callback, extra) in zip(slots, buttons, strict=False):
        label = t("player.pause") if name == "play" and playing else t(f"player.{name}")
        pressed = slot.button(
            label,
            key=f"{prefix}_{name}",
            icon=icon,
            on_click=callback,
            width="stretch",
            type="primary" if name == "play" else "secondary",
            **extra,
        )
        rerun |= pressed and (name == "play" or (name == "reset" and playing))
    return rerun
