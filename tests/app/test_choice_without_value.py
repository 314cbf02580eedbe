"""A choice the browser sends no selection for: Streamlit's segmented control then gives None
(`required=True` does not promise a value). A hand-made message does it on purpose; the
learn page's optimizer must not turn it into a traceback."""

from __future__ import annotations

from app_driver import all_text, open_page

from ui.url_params import PARAMS


def test_the_optimizer_sent_without_a_selection_trains_with_the_default():
    at = open_page("lessons/learn_kernel.py")
    at.segmented_control(key="optimizer").set_value(None).run()
    assert not at.exception
    assert "⟦missing" not in all_text(at)
    assert PARAMS["optimizer"].default == "sgd"
    assert "SGD" in all_text(at)  # the run's note names the optimizer it trained with
