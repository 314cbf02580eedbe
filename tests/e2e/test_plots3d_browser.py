"""The 3-D views in a real browser: behind their toggles, drawn by Plotly from the app's own
server (no other host asked), and no error box."""

from __future__ import annotations

import pytest
from browser_driver import assert_no_error_box, block_other_hosts, wait_idle

pytestmark = pytest.mark.e2e

PLOT = ".js-plotly-plot"  # Plotly's figure element


@pytest.mark.parametrize(
    ("path", "toggle", "figures"),
    [
        ("dimensions_1d_3d?d3_open=true", "Show X, K and Y as 3-D voxels", 3),
        ("learn_kernel", "Show the loss surface in 3-D", 1),
    ],
)
def test_a_3d_view_is_drawn_offline_behind_its_toggle(browser, server_url, path, toggle, figures):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    asked_elsewhere = block_other_hosts(context, server_url)
    page = context.new_page()
    try:
        page.goto(f"{server_url}/{path}")
        wait_idle(page)
        assert page.locator(PLOT).count() == 0  # nothing of Plotly before it is asked for
        page.get_by_text(toggle, exact=True).click()
        wait_idle(page)
        page.locator(PLOT).nth(figures - 1).wait_for(timeout=60_000)
        assert page.locator(PLOT).count() == figures
        assert page.locator(f"{PLOT} .gl-container canvas").count() >= figures  # WebGL scenes
        assert asked_elsewhere == []
        assert_no_error_box(page)
    finally:
        context.close()
