"""Several output channels: one 3-channel kernel per output, C_out feature maps (D2L §7.4.2),
and what they cost: C_out·C_in·k_h·k_w weights (+ C_out biases) against a dense layer's."""

import streamlit as st
import torch

from conv_core import (
    CHANNEL_KERNELS,
    LECTURE,
    channel_kernel,
    fc_vs_conv,
)
from ui.big_numbers import in_words, with_commas
from ui.channel_views import maps_table, output_maps, show_maps
from ui.checks import computed
from ui.class_mode.question import ask, still_open
from ui.controls import refuse_oversized_selection
from ui.edge_photo import Picture
from ui.i18n import current_language, option_labels, t
from ui.shell import classroom_mode

MAX_OUTPUTS = 4
DEFAULT_OUTPUTS = ["only_red", "luminance", "red_minus_green"]
PADDING = 1  # 3×3 kernels keep the picture's size


def _parameter_count(picture: Picture, K: torch.Tensor) -> None:
    """The formula filled in with this section's numbers, beside page 1's dense layer."""
    st.subheader(t("channels.params_heading"))
    c_out, c_in, kh, kw = K.shape
    height, width = picture.size
    hidden = LECTURE["hidden"]
    # A picture smaller than the kernel (a 1×1 upload) is refused here with a message.
    counts = computed(lambda: [fc_vs_conv(height, width, c_in, hidden, (kh, kw), c_out, bias=bias)
                               for bias in (False, True)])  # fmt: skip
    if counts is None:
        return
    weights, with_bias = counts
    asked = ask("ch_params", "number", with_bias.conv_params, label=t("class_mode.q_ch_params"))
    if still_open(asked):  # the counts stay hidden while the class answers
        return
    st.latex(
        rf"C_\text{{out}} \cdot C_\text{{in}} \cdot k_h \cdot k_w + C_\text{{out}}"
        rf" = {c_out} \cdot {c_in} \cdot {kh} \cdot {kw} + {c_out}"
        rf" = {weights.conv_params} + {c_out} = {with_bias.conv_params}"
    )
    st.latex(
        rf"h \cdot w \cdot C_\text{{in}} \cdot n_\text{{hidden}} = {height} \cdot {width}"
        rf" \cdot {c_in} \cdot {hidden} = {with_commas(weights.fc_params).replace(',', '{,}')}"
    )
    lang = current_language()
    conv, bias, dense = st.columns(3)
    conv.metric(t("channels.params_conv"), with_commas(weights.conv_params))
    bias.metric(t("channels.params_bias"), with_commas(with_bias.conv_params))
    dense.metric(t("channels.params_fc", hidden=hidden), in_words(weights.fc_params, lang))
    st.markdown(t("channels.params_note", ratio=in_words(weights.ratio, lang), c_out=c_out))


def several_outputs(picture: Picture) -> None:
    """C_out kernels chosen from the presets, their maps in a row, and the parameter count."""
    st.header(t("channels.outputs_heading"))
    st.markdown(t("channels.outputs_intro"))
    refuse_oversized_selection("ch_outputs", MAX_OUTPUTS)
    if "ch_outputs" not in st.session_state:
        st.session_state["ch_outputs"] = DEFAULT_OUTPUTS
    names = st.multiselect(
        t("channels.outputs", most=MAX_OUTPUTS),
        options=list(CHANNEL_KERNELS),
        format_func=option_labels("channels.kernel_"),
        max_selections=MAX_OUTPUTS,
        key="ch_outputs",
    )
    if not names:
        st.info(t("channels.outputs_none"), icon=":material/layers_clear:")
        return
    K = torch.stack([channel_kernel(name) for name in names])  # (C_out, 3, 3, 3)
    maps = computed(output_maps, picture, K, PADDING)
    if maps is None:
        return
    x_shape = (3, *picture.pixels.shape[:2])
    y_shape = (len(names), *maps.stats[0][0])
    st.markdown(t("channels.outputs_shapes", k="×".join(map(str, K.shape)),
                  x="×".join(map(str, x_shape)), y="×".join(map(str, y_shape))))  # fmt: skip
    labels = option_labels("channels.kernel_")
    show_maps(
        maps.images,
        [f"Y[{o}]: {labels(name)}" for o, name in enumerate(names)],
        columns=MAX_OUTPUTS,
    )
    if not classroom_mode():
        maps_table(maps.stats, [f"Y[{o}]" for o in range(len(names))], t("channels.maps_numbers"))
    _parameter_count(picture, K)
