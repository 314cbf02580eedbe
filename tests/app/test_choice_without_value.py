"""A choice control (ui.controls.choice, Streamlit's segmented control) that the browser sends
no selection for: a click racing the first run of a page opened again, or a hand-made
message. Streamlit then gives None; the page must go on with the choice the student had,
shown as chosen, never with None (the channels page once showed a camera and
"⟦missing: channels.waiting_None⟧", and wrote `ch_source=None` into the link)."""

from __future__ import annotations

import pytest
from app_driver import all_text, open_page
from streamlit.testing.v1 import AppTest

from ui.shell import LESSON
from ui.url_params import PARAMS

PAGES = [f"lessons/{page.slug}.py" for page in LESSON]


def _kept_choices(at) -> list[str]:
    """The keys of the page's segmented controls kept in the URL, the sidebar's language too."""
    return [c.key for c in at.segmented_control if c.key in PARAMS]


def _sent_nothing(at, key: str) -> None:
    at.segmented_control(key=key).set_value(None).run()
    assert not at.exception, (key, at.exception)
    assert "⟦missing" not in all_text(at), key


@pytest.mark.parametrize("page", PAGES)
def test_every_kept_choice_sent_without_a_selection_stays_what_the_student_chose(page):
    for key in _kept_choices(open_page(page)):
        at = open_page(page)
        current = at.segmented_control(key=key).value
        others = [o for o in PARAMS[key].options if o != current]
        assert current is not None, key
        assert others, key
        at.segmented_control(key=key).set_value(others[-1]).run()
        chosen = at.segmented_control(key=key).value  # the page may refuse it (classroom)
        _sent_nothing(at, key)
        assert at.segmented_control(key=key).value == chosen, key  # shown as chosen
        assert at.query_params.get(key, PARAMS[key].default) == chosen, key


@pytest.mark.parametrize("blur", ["box", "gaussian"])
def test_an_exercise_choice_stays_too(blur):
    """The edge page's blur exercise, a choice only drawn when that exercise is open, whose
    first option is not its default."""
    at = open_page("lessons/edge_detection.py", query={"edge_exercise": "blur"})
    at.segmented_control(key="edge_blur").set_value(blur).run()
    _sent_nothing(at, "edge_blur")
    assert at.segmented_control(key="edge_blur").value == blur
    assert at.query_params.get("edge_blur", PARAMS["edge_blur"].default) == blur


def test_a_chinese_browser_stays_in_chinese_without_a_language_in_the_link():
    at = open_page("lessons/channels.py", locale="zh-CN")
    _sent_nothing(at, "lang")
    assert at.segmented_control(key="lang").value == "zh"
    assert "lang" not in at.query_params
    assert at.title[0].value == "多输入多输出通道"


def test_the_channels_picture_stays_the_sample():
    at = open_page("lessons/channels.py")
    _sent_nothing(at, "ch_source")
    assert not at.camera_input  # the sample, not a camera waiting for a photo
    assert "ch_source" not in at.query_params  # the default is left out of the link


def _two_choices():
    import streamlit as st

    from ui.controls import choice

    st.session_state["got"] = choice("Which", ["a", "b", "c"], "x.", key="c", default="a")
    st.session_state["got_bare"] = choice("Bare", ["a", "b", "c"], "x.", key="bare")


def test_a_choice_outside_the_url_falls_back_to_its_default():
    at = AppTest.from_function(_two_choices).run()
    assert at.session_state["got_bare"] == "a"  # no default: the first option
    at.segmented_control(key="c").set_value("c").run()
    at.segmented_control(key="c").set_value(None).run()
    assert not at.exception
    assert at.session_state["got"] == "a"
    assert at.segmented_control(key="c").value == "a"
    at.segmented_control(key="bare").set_value("b").run()
    at.segmented_control(key="bare").set_value(None).run()
    assert at.session_state["got_bare"] == "a"
