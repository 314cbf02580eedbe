"""Where's Waldo (D2L §7.1.1): the pattern used as a kernel, plain cross-correlation against
normalised cross-correlation."""

import streamlit as st

from conv_core import (
    CROWD,
    WALDO_AT,
    best_match,
    crowd_scene,
    hiding_place,
    hiding_range,
    match_template,
    paste,
    plain_match,
    waldo_pattern,
)
from ui.fc_to_conv_views import scores_table
from ui.heatmap import show_matrix
from ui.i18n import t
from ui.shell import classroom_mode


def _hide_waldo() -> None:
    st.session_state["fc_waldo_top"], st.session_state["fc_waldo_left"] = hiding_place()


def _new_crowd() -> None:
    st.session_state["fc_crowd_seed"] = st.session_state.get("fc_crowd_seed", 0) + 1


def _controls() -> tuple[int, int, bool]:
    """Where Waldo stands, whether the lamp is on; buttons to hide him, or draw a new crowd."""
    last_top, last_left = hiding_range()
    top_col, left_col, lamp_col = st.columns(3)
    top = top_col.slider(t("fc_to_conv.waldo_top"), 0, last_top, WALDO_AT[0], key="fc_waldo_top")
    left = left_col.slider(t("fc_to_conv.waldo_left"), 0, last_left, WALDO_AT[1],
                           key="fc_waldo_left")  # fmt: skip
    lamp = lamp_col.toggle(t("fc_to_conv.lamp"), value=True, key="fc_lamp",
                           help=t("fc_to_conv.lamp_help"))  # fmt: skip
    buttons = st.columns(2)
    buttons[0].button(t("fc_to_conv.hide_waldo"), key="fc_hide", on_click=_hide_waldo,
                      width="stretch")  # fmt: skip
    if not classroom_mode():
        buttons[1].button(t("fc_to_conv.new_crowd"), key="fc_new_crowd", on_click=_new_crowd,
                          width="stretch")  # fmt: skip
    return top, left, lamp


@st.fragment
def wheres_waldo() -> None:
    """The pattern and the crowd, then both scores: which one finds Waldo?"""
    st.markdown(t("fc_to_conv.waldo_intro"))
    top, left, lamp = _controls()
    pattern = waldo_pattern()
    seed = st.session_state.get("fc_crowd_seed", 0)
    scene = paste(crowd_scene(*CROWD, seed=seed, lamp=lamp), pattern, top, left)
    plain, ncc = plain_match(scene, pattern), match_template(scene, pattern)
    plain_at, ncc_at = best_match(plain), best_match(ncc)
    pattern_col, scene_col = st.columns([1, 4])
    with pattern_col:
        st.markdown(t("fc_to_conv.pattern_label"))
        show_matrix(pattern, name=t("fc_to_conv.pattern_name"), key="fc_waldo_pattern",
                    small=True, max_px=200, picture=True)  # fmt: skip
    with scene_col:
        st.markdown(t("fc_to_conv.scene_label"))
        st.caption(t("fc_to_conv.scene_colours"))
        show_matrix(scene, name=t("fc_to_conv.scene_name"), key="fc_waldo_scene",
                    window=(*ncc_at, *pattern.shape), max_px=720, picture=True)  # fmt: skip
    for column, name, scores, found in zip(
        st.columns(2), ("plain", "ncc"), (plain, ncc), (plain_at, ncc_at), strict=True
    ):
        with column:
            st.subheader(t(f"fc_to_conv.{name}_heading"))
            st.markdown(t(f"fc_to_conv.{name}_text"))
            show_matrix(scores, name=t(f"fc_to_conv.{name}_heading"), key=f"fc_waldo_{name}",
                        window=(*found, 1, 1), max_px=480)  # fmt: skip
            right = found == (top, left)
            message = t("fc_to_conv.found_right" if right else "fc_to_conv.found_wrong",
                        row=found[0], col=found[1], top=top, left=left)  # fmt: skip
            (st.success if right else st.warning)(message)
    scores_table(plain, ncc, (top, left), plain_at)
    st.info(t("fc_to_conv.waldo_honest"), icon=":material/info:")
