"""Small shared widgets: a labelled choice, padding and stride, a preset or typed vector;
a multiselect's limit kept on the server."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st
import torch

from ui import url_params
from ui.checks import computed
from ui.i18n import option_labels, t
from ui.matrix_text import parse_numbers, typed_chars
from ui.shell import classroom_mode

OWN = "own"  # the option of preset_or_typed that opens the text box
CUSTOM = "custom"  # the option of preset_or_custom that opens the editors


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


def preset_or_custom(
    label: str, presets: Sequence[str], prefix: str, *, key: str,
    on_change: Callable[[], None] | None = None,
) -> str:  # fmt: skip
    """A preset's name or CUSTOM (not offered in classroom mode), chosen by buttons and kept
    in the URL by name as `key` (its default from ui.url_params.PARAMS)."""
    options = [*presets] if classroom_mode() else [*presets, CUSTOM]
    if st.session_state.get(url_params.start(key)) not in options:  # "custom", in classroom
        st.session_state[key] = url_params.PARAMS[key].default
    return url_params.in_url(key, lambda k: choice(label, options, prefix, key=k,
                                                   on_change=on_change))  # fmt: skip


def padding_and_stride(prefix: str = "", *, containers: Sequence[Any] | None = None):
    """Padding and stride, one number each for every axis, kept in the URL as
    `{prefix}padding` and `{prefix}stride`, their ranges from ui.url_params.PARAMS (stride 0
    is allowed on some pages so that the page can say why it is not allowed)."""
    left, right = containers if containers is not None else st.columns(2)
    return tuple(
        url_params.number_input(t(f"controls.{name}"), f"{prefix}{name}", container=container,
                                help=t(f"controls.{name}_help"))
        for name, container in (("padding", left), ("stride", right))
    )  # fmt: skip


def refuse_oversized_selection(key: str, limit: int) -> None:
    """Before the multiselect `key` is drawn: a selection of more than `limit` options (only a
    hand-made message sends one, and Streamlit raises on it) gives way to the default."""
    selected = st.session_state.get(key)
    if isinstance(selected, list | tuple) and len(selected) > limit:
        del st.session_state[key]
        st.warning(t("controls.too_many_chosen", limit=limit), icon=":material/restart_alt:")


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
    text = st.text_input(typed_label, typed_default, key=typed_key, max_chars=typed_chars(limit))
    return computed(parse_numbers, text, name, limit)
