"""How many weights? Image size, channels and hidden units in; both layers' weights and
memory out (D2L §7.1)."""

import streamlit as st

from conv_core import (
    BOOK,
    BYTES_PER_WEIGHT,
    LECTURE,
    LECTURE_KERNEL,
    LECTURE_WEIGHTS,
    LayerSizes,
    fc_vs_conv,
    format_bytes,
    image_size,
)
from ui.big_numbers import in_words, with_commas
from ui.checks import computed
from ui.class_mode.question import ask, still_open
from ui.fc_to_conv_views import number
from ui.i18n import current_language, t
from ui.shell import classroom_mode

# The lecture's "more than all cats and dogs on Earth" (about 10⁹ of them): said only of a
# layer that has that many weights, not of a 28×28 image's.
CATS_AND_DOGS = 10**9


def _load(preset: dict[str, int]) -> None:
    st.session_state.update({f"fc_{name}": value for name, value in preset.items()})


def _inputs() -> dict:
    """The calculator's inputs; classroom mode shows only the image size and the hidden units."""
    classroom = classroom_mode()
    columns = st.columns(3 if classroom else 6)
    # Zero is allowed in the size inputs so that the page can say why it is not allowed.
    with columns[0]:
        height = number("fc_to_conv.height", "fc_height")
    with columns[1]:
        width = number("fc_to_conv.width", "fc_width")
    with columns[2]:
        hidden = number("fc_to_conv.hidden", "fc_hidden")
    state = st.session_state  # classroom mode keeps the other inputs as they were
    channels = state.get("fc_channels", LECTURE["channels"])
    kernel = state.get("fc_kernel", LECTURE_KERNEL)
    bytes_per = state.get("fc_bytes", next(iter(BYTES_PER_WEIGHT)))
    if not classroom:
        with columns[3]:
            channels = number("fc_to_conv.channels", "fc_channels", "fc_to_conv.channels_help")
        with columns[4]:
            kernel = number("fc_to_conv.kernel", "fc_kernel")
        with columns[5]:
            bytes_per = st.selectbox(t("fc_to_conv.bytes"), list(BYTES_PER_WEIGHT),
                                     format_func=BYTES_PER_WEIGHT.get, key="fc_bytes",
                                     help=t("fc_to_conv.bytes_help"))  # fmt: skip
    return dict(height=height, width=width, hidden=hidden, channels=channels, kernel=kernel,
                bytes_per_param=bytes_per)  # fmt: skip


def _show(sizes: LayerSizes, chosen: dict) -> None:
    """Both layers' weights and memory side by side, and how many times more the dense needs."""
    lang = current_language()
    hidden, kernel, channels = chosen["hidden"], chosen["kernel"], chosen["channels"]
    st.markdown(
        t("fc_to_conv.inputs", h=with_commas(chosen["height"]), w=with_commas(chosen["width"]),
          mp=f"{sizes.megapixels:.3g}", pixels=in_words(sizes.pixels, lang), c=channels,
          n=with_commas(sizes.inputs), words=in_words(sizes.inputs, lang))
    )  # fmt: skip
    fc_col, conv_col = st.columns(2)
    with fc_col, st.container(border=True):
        st.subheader(t("fc_to_conv.fc_box"))
        st.metric(t("fc_to_conv.weights"), in_words(sizes.fc_params, lang))
        st.caption(t("fc_to_conv.fc_formula", n=with_commas(sizes.inputs), hidden=hidden,
                     total=with_commas(sizes.fc_params)))  # fmt: skip
        st.metric(t("fc_to_conv.memory"), format_bytes(sizes.fc_bytes))
    with conv_col, st.container(border=True):
        st.subheader(t("fc_to_conv.conv_box"))
        st.metric(t("fc_to_conv.weights"), with_commas(sizes.conv_params))
        st.caption(t("fc_to_conv.conv_formula", k=kernel, c=channels,
                     total=with_commas(sizes.conv_params)))  # fmt: skip
        st.metric(t("fc_to_conv.memory"), format_bytes(sizes.conv_bytes))
    st.markdown(t("fc_to_conv.ratio", ratio=in_words(sizes.ratio, lang)))
    if sizes.fc_params >= CATS_AND_DOGS:
        st.markdown(t("fc_to_conv.cats_dogs", weights=in_words(sizes.fc_params, lang)))
    if sizes.fc_params == LECTURE_WEIGHTS:  # the count Chinese notes misprint
        st.info(t("fc_to_conv.slip"), icon=":material/lightbulb:")


def how_many_weights() -> tuple[int, int] | None:
    """The calculator; returns the image size for the derivation, None if it has no pixel."""
    st.header(t("fc_to_conv.calc_heading"))
    st.markdown(t("fc_to_conv.calc_intro"))
    left, right = st.columns(2)
    for column, name, preset in ((left, "lecture", LECTURE), (right, "book", BOOK)):
        column.button(t(f"fc_to_conv.preset_{name}"), key=f"fc_preset_{name}", width="stretch",
                      on_click=_load, args=(preset,))  # fmt: skip
    chosen = _inputs()
    size = computed(image_size, chosen["height"], chosen["width"])
    if size is None:
        return None
    sizes = computed(fc_vs_conv, **chosen)
    if sizes is not None:  # a kernel larger than the image is refused; the size still holds
        asked = ask("fc_params", "number", sizes.fc_params, label=t("class_mode.q_fc_params"))
        if not still_open(asked):  # the counts stay hidden while the class answers
            _show(sizes, chosen)
    return size
