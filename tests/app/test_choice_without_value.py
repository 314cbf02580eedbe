"""A choice control (ui.controls.choice, Streamlit's segmented control) that the browser sends
no selection for: a click racing the first run of a page opened again, or a hand-made
message. Streamlit then gives None; the page must go on with the choice it had, never with
None (the channels page once showed a camera and "⟦missing: channels.waiting_None⟧", and
wrote `ch_source=None` into the link)."""

from __future__ import annotations

import pytest
from app_driver import all_text, open_page

from ui.shell import LESSON
from ui.url_params import PARAMS

PAGES = [f"lessons/{page.slug}.py" for page in LESSON]


def _choices(at) -> list[str]:
    """The keys of the page's segmented controls, the sidebar's language among them."""
    return [control.key for control in at.segmented_control if control.key]


@pytest.mark.parametrize("page", PAGES)
def test_every_choice_sent_without_a_selection_keeps_the_page_working(page):
    at = open_page(page)
    keys = _choices(at)
    for key in keys:
        before = at.segmented_control(key=key).value
        assert before is not None, key
        at.segmented_control(key=key).set_value(None).run()
        assert not at.exception, (key, at.exception)
        assert "⟦missing" not in all_text(at), key
        assert at.query_params.get(key) != ["None"], key
        if key in PARAMS:  # kept in the link: the choice it had, or the link's default
            assert at.query_params.get(key, [PARAMS[key].default])[0] in (
                before, PARAMS[key].default,
            ), key  # fmt: skip


def test_the_channels_picture_stays_the_sample():
    at = open_page("lessons/channels.py")
    at.segmented_control(key="ch_source").set_value(None).run()
    assert not at.exception
    text = all_text(at)
    assert "⟦missing" not in text
    assert not at.camera_input  # the sample, not a camera waiting for a photo
    assert "ch_source" not in at.query_params  # the default is left out of the link
