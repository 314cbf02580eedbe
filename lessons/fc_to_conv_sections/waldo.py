"""Where's Waldo (D2L §7.1.1), the page's opening: the pattern used as a kernel scores every
window of the crowd (plain cross-correlation); a bright lamp fools it, and normalised
cross-correlation, folded under "Going further", does not."""

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
from ui.sections import on_demand
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
    lamp = lamp_col.toggle(t("fc_to_conv.lamp"), value=False, key="fc_lamp",
                           help=t("fc_to_conv.lamp_help"))  # fmt: skip
    buttons = st.columns(2)
    buttons[0].button(t("fc_to_conv.hide_waldo"), key="fc_hide", on_click=_hide_waldo,
                      width="stretch")  # fmt: skip
    if not classroom_mode():
        buttons[1].button(t("fc_to_conv.new_crowd"), key="fc_new_crowd", on_click=_new_crowd,
                          width="stretch")  # fmt: skip
    return top, left, lamp


def _score(name: str, scores, found: tuple[int, int], waldo: tuple[int, int]) -> None:
    """One score map with its best window framed, and whether that is where Waldo is."""
    st.subheader(t(f"fc_to_conv.{name}_heading"))
    st.markdown(t(f"fc_to_conv.{name}_text"))
    show_matrix(scores, name=t(f"fc_to_conv.{name}_heading"), key=f"fc_waldo_{name}",
                window=(*found, 1, 1), max_px=480)  # fmt: skip
    right = found == waldo
    message = t("fc_to_conv.found_right" if right else "fc_to_conv.found_wrong",
                row=found[0], col=found[1], top=waldo[0], left=waldo[1])  # fmt: skip
    (st.success if right else st.warning)(message)


@st.fragment
def wheres_waldo() -> None:
    """The pattern and the crowd, the plain score that a convolution computes; normalised
    cross-correlation, which a lamp does not fool, under "Going further"."""
    st.header(t("fc_to_conv.waldo_heading"))
    st.markdown(t("fc_to_conv.waldo_intro"))
    top, left, lamp = _controls()
    pattern = waldo_pattern()
    seed = st.session_state.get("fc_crowd_seed", 0)
    scene = paste(crowd_scene(*CROWD, seed=seed, lamp=lamp), pattern, top, left)
    plain = plain_match(scene, pattern)
    plain_at = best_match(plain)
    pattern_col, scene_col = st.columns([1, 4])
    with pattern_col:
        st.markdown(t("fc_to_conv.pattern_label"))
        show_matrix(pattern, name=t("fc_to_conv.pattern_name"), key="fc_waldo_pattern",
                    small=True, max_px=200, picture=True)  # fmt: skip
    with scene_col:
        st.markdown(t("fc_to_conv.scene_label"))
        st.caption(t("fc_to_conv.scene_colours"))
        show_matrix(scene, name=t("fc_to_conv.scene_name"), key="fc_waldo_scene",
                    window=(*plain_at, *pattern.shape), max_px=720, picture=True)  # fmt: skip
    _score("plain", plain, plain_at, (top, left))

    def normalised() -> None:
        ncc = match_template(scene, pattern)
        _score("ncc", ncc, best_match(ncc), (top, left))
        scores_table(plain, ncc, (top, left), plain_at)
        st.info(t("fc_to_conv.waldo_honest"), icon=":material/info:")

    on_demand("fc_waldo", t("fc_to_conv.ncc_more"), normalised)
