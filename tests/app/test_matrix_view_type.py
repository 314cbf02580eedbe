"""A matrix view's own texts (row and column numbers, the colour legend, the numbers' fold)
follow classroom mode as the figures' type does: read from the back of a room."""

from __future__ import annotations

from app_driver import LAB, component_data, open_page


def test_classroom_mode_enlarges_a_matrix_views_texts():
    plain = component_data(open_page(LAB), "y_main")
    room = component_data(open_page(LAB, query={"classroom": "true"}), "y_main")
    assert plain["text_px"] == 12  # the size the view had before classroom mode reached it
    assert room["text_px"] == round(0.8 * 22) == 18
    assert room["font"] > plain["font"]  # the cells' numbers grow too
