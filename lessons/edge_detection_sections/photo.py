"""Your own picture: a sample, an upload or a snapshot, through a preset or hand-made kernel."""

import streamlit as st

from conv_core import DISPLAY_MODES, KERNELS, keeps_brightness
from lessons.edge_detection_sections.timings import how_long
from lessons.edge_detection_sections.zoom import look_closer
from ui.a11y import image_alt
from ui.checks import computed
from ui.controls import choice
from ui.edge_output import download_button, output_caption, output_of, preview_note
from ui.edge_photo import choose_picture, input_caption, input_preview
from ui.heatmap import show_matrix
from ui.i18n import option_labels, t
from ui.matrix_editor import init_cells, matrix_editor, read_matrix
from ui.matrix_text import matrix_to_cells
from ui.methods import method_words
from ui.sections import on_demand
from ui.shell import classroom_mode
from ui.url_params import in_url

CUSTOM = "custom"
MAX_CUSTOM = (7, 7)
PREVIEW_SIDE = 900  # the longest side sent to the browser: a screen's worth, never 12 MP


def _default_display() -> None:
    """A kernel that keeps brightness is shown as it is, the others signed."""
    name = st.session_state.get("edge_kernel")
    if name in KERNELS:
        st.session_state["edge_display"] = "clip" if keeps_brightness(KERNELS[name]) else "signed"


def _kernel_choice():
    """A preset or a hand-made kernel; None when the hand-made one is not valid yet."""
    # by default the book's kernel, now on a picture
    name = in_url("edge_kernel", lambda key: st.selectbox(
        t("edge_detection.kernel"), options=[*KERNELS, CUSTOM],
        format_func=option_labels("edge_detection.kernel_"), key=key, on_change=_default_display,
    ))  # fmt: skip
    if name != CUSTOM:
        K = KERNELS[name]
        show_matrix(K, name="K", key="edge_k_preset", max_px=180)
        st.caption(t(f"edge_detection.about_{name}"))
        return K
    init_cells("edge_K", matrix_to_cells(KERNELS["sobel_x"]))
    cells = matrix_editor("edge_K", max_rows=MAX_CUSTOM[0], max_cols=MAX_CUSTOM[1],
                          resizable=not classroom_mode(), label="K")  # fmt: skip
    return read_matrix(cells, "K")


def _display_choice() -> str:
    # Set through the state, not `default`: choosing a kernel sets it too (_default_display).
    mode = in_url("edge_display", lambda key: choice(
        t("edge_detection.display"), DISPLAY_MODES, "edge_detection.display_", key=key,
    ))  # fmt: skip
    st.caption(t(f"edge_detection.display_about_{mode}"))
    return mode


@st.fragment
def your_own_picture() -> None:
    """A fragment: choosing a picture, a kernel or a display mode reruns only this part (a
    12-megapixel photo's run has a budget of its own; the book's heatmaps need not redo)."""
    st.header(t("edge_detection.photo_heading"))
    st.markdown(t("edge_detection.photo_intro"))
    source_col, kernel_col = st.columns([3, 2], gap="large")
    with source_col:
        picture = choose_picture()
    with kernel_col:
        K = _kernel_choice()
        mode = _display_choice()
    if picture is None or K is None:
        return
    out = computed(output_of, picture, K, mode, PREVIEW_SIDE)
    seen = computed(input_preview, picture, PREVIEW_SIDE) if out is not None else None
    if seen is None:  # refused, or no photo slot free in time: said where the pictures go
        return
    caption = output_caption(out.shape, out.seconds, method_words(out.how))
    before, after = st.columns(2)
    before.image(seen.jpeg, caption=input_caption(picture),
                 alt=image_alt(input_caption(picture), seen))  # fmt: skip
    after.image(out.shown.jpeg, caption=caption, alt=image_alt(caption, out.shown))
    preview_note(picture, mode, PREVIEW_SIDE)
    download_button(picture, K, mode)
    # Extensions, folded: the lesson is the picture and its edges above.
    on_demand("edge_zoom", t("edge_detection.zoom_heading"),
              lambda: look_closer(picture, K, mode, out.limits))  # fmt: skip
    if not classroom_mode():
        on_demand("edge_timings", t("edge_detection.time_heading"), lambda: how_long(picture, K))
