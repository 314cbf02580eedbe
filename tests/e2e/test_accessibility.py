"""Everyone in the room can use it (issue 25), in headless Chromium on one server:

- axe-core (WCAG 2.0/2.1, A and AA) finds no violation on any page, in English on a phone's
  width and in Chinese in classroom mode;
- <html lang> is the language shown; every picture's alternative text is in it;
- at 390 px nothing runs off the screen (a wide formula or table scrolls inside its own box);
- no page asks anything of any host but the server (an offline classroom has no other);
- the lab's step-through and its quiz work from the keyboard alone, with a visible focus;
- a matrix view says its shape, and its numbers open from the keyboard.
"""

from __future__ import annotations

import re
from pprint import pformat

import pytest
from browser_driver import (
    FOCUSED_JS,
    assert_no_error_box,
    axe_violations,
    block_other_hosts,
    focused,
    overflow,
    tab_to,
    wait_idle,
)

from ui.shell import LESSON

pytestmark = pytest.mark.e2e

PAGES = ["", *(lesson.slug for lesson in LESSON)]  # home, then every page of the lesson
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 1000}

# (name, query, viewport, the language shown): every page in each language, on a phone and on
# a projector in classroom mode (its larger type and fewer controls). A third pass, Chinese
# outside classroom mode, found nothing the two miss and would add a minute to the suite.
VARIANTS = [
    ("english-phone", "", PHONE, "en"),
    ("chinese-classroom", "lang=zh&classroom=true", DESKTOP, "zh"),
]


def _open(page, url: str, lang: str) -> None:
    page.goto(url)
    wait_idle(page)
    # <html lang> is set by the page's own script (ui/a11y.py) once the run has drawn it.
    page.wait_for_function(f"document.documentElement.lang === '{lang}'", timeout=15_000)
    # and labels the boxes that scroll on the next animation frame after the page changed
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert_no_error_box(page)


@pytest.mark.parametrize(
    ("query", "viewport", "lang"),
    [variant[1:] for variant in VARIANTS],
    ids=[variant[0] for variant in VARIANTS],
)
def test_every_page_passes_axe_fits_the_screen_and_asks_no_other_host(
    browser, server_url, query, viewport, lang
):
    context = browser.new_context(viewport=viewport, locale="en-US")
    asked_elsewhere = block_other_hosts(context, server_url)
    page = context.new_page()
    found, too_wide, alt_texts = {}, {}, {}
    try:
        for slug in PAGES:
            _open(page, f"{server_url}/{slug}?{query}", lang)
            name = slug or "home"
            violations = axe_violations(page)
            if violations:
                found[name] = violations
            if viewport is PHONE:
                sizes = overflow(page)
                if sizes["scrollWidth"] > sizes["innerWidth"] or sizes["outside"]:
                    too_wide[name] = sizes
            alt_texts[name] = page.locator("[data-testid='stMain'] img").evaluate_all(
                "images => images.map(image => image.getAttribute('alt'))"
            )
    finally:
        context.close()
    assert not found, pformat(found, width=120)
    assert not too_wide, pformat(too_wide, width=120)
    assert asked_elsewhere == [], asked_elsewhere
    said_in = {"en": "Picture", "zh": "图像"}[lang]  # ui/locales/*/shell.toml image_alt
    wrong_alt = {page: alts for page, alts in alt_texts.items()
                 if any(not alt or said_in not in alt for alt in alts)}  # fmt: skip
    assert not wrong_alt, wrong_alt
    assert sum(len(alts) for alts in alt_texts.values()) >= 5  # the channels and edge pages


def test_the_page_language_follows_the_language_switch(page, server_url):
    _open(page, f"{server_url}/cross_correlation?lang=zh", "zh")
    page.locator("[data-testid='stSidebar']").get_by_role("radio", name="English").click()
    page.get_by_role("heading", name="Cross-correlation lab").first.wait_for(timeout=30_000)
    page.wait_for_function("document.documentElement.lang === 'en'", timeout=15_000)


def _counter(page) -> str:
    return page.locator(".player .counter").first.inner_text()


def _is_control(action: str):
    return lambda now: now["tag"] == "button" and f"control {action}" in now["className"]


def test_the_labs_step_through_works_from_the_keyboard_alone(page, server_url):
    _open(page, f"{server_url}/cross_correlation", "en")
    assert _counter(page) == "Output cell 1 of 4"
    # Tab reaches the player, then its buttons in their visual order, each with a visible focus.
    player = tab_to(page, lambda now: now["role"] == "group" and "Space" in now["name"])
    assert player["ring"], player
    order = []
    for _ in range(5):
        page.keyboard.press("Tab")
        now = focused(page)
        assert now["ring"], now
        order.append(now["className"].split()[-1])
    assert order == ["first", "back", "play", "forward", "last"]

    for _ in range(2):
        page.keyboard.press("Shift+Tab")
    assert _is_control("play")(focused(page))
    page.keyboard.press("Shift+Tab")  # Space or Enter on a button presses that button
    assert _is_control("back")(focused(page))
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert _is_control("forward")(focused(page))
    page.keyboard.press("Enter")
    assert _counter(page) == "Output cell 2 of 4"
    page.keyboard.press("Space")
    assert _counter(page) == "Output cell 3 of 4"
    page.keyboard.press("ArrowLeft")  # on a button, the arrows step
    assert _counter(page) == "Output cell 2 of 4"

    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")  # Play: on to the last cell, then it stops by itself
    page.locator(".player .counter", has_text="Output cell 4 of 4").wait_for(timeout=10_000)
    page.locator(".player[data-playing='false']").wait_for(timeout=5_000)

    scrubber = tab_to(page, lambda now: now["type"] == "range", limit=6)
    assert scrubber["ring"], scrubber
    page.keyboard.press("Home")
    assert _counter(page) == "Output cell 1 of 4"
    page.keyboard.press("ArrowRight")
    assert _counter(page) == "Output cell 2 of 4"
    sum_text = page.locator(".player pre.text").first.inner_text()
    assert sum_text == "Y[0, 1] = 1×0 + 2×1 + 4×2 + 5×3 = 25"
    canvas = page.locator(".player canvas[role='img']").first.get_attribute("aria-label")
    assert canvas.startswith("X, 3 × 3 matrix: 0 1 2; 3 4 5; 6 7 8"), canvas
    assert_no_error_box(page)


def test_the_quiz_works_from_the_keyboard_alone(page, server_url):
    _open(page, f"{server_url}/cross_correlation", "en")
    answer = tab_to(page, lambda now: now["label"].startswith("Your value for Y[0, 0]"))
    assert answer["tag"] == "input"
    page.keyboard.type("19")
    page.keyboard.press("Enter")  # Enter in the form's number input checks the answer
    right = page.locator("[data-testid='stAlertContentSuccess']", has_text="Right! Y[0, 0] = ")
    right.wait_for(timeout=30_000)
    # Right and wrong differ by an icon's shape and the words, not by colour alone.
    success_box = page.locator("[data-testid='stAlert']", has=right)
    assert success_box.locator("[data-testid='stAlertDynamicIcon']").count() == 1
    wait_idle(page)

    tab_to(page, lambda now: now["label"].startswith("Your value for Y[0, 1]"))
    page.keyboard.type("24")
    check = tab_to(page, lambda now: now["tag"] == "button" and now["name"] == "Check", limit=5)
    assert check["ring"], check
    page.keyboard.press("Space")
    wrong = page.locator("[data-testid='stAlertContentError']", has_text="Not quite: you said 24")
    wrong.wait_for(timeout=30_000)
    assert "but Y[0, 1] = 1×0 + 2×1 + 4×2 + 5×3 = 25" in wrong.inner_text()
    wait_idle(page)
    assert re.search(r"1\s*/\s*2", page.locator("[data-testid='stMetricValue']").inner_text())


def test_a_matrix_view_says_its_shape_and_its_numbers_open_from_the_keyboard(page, server_url):
    _open(page, f"{server_url}/cross_correlation", "en")
    picture = page.locator(".convlab-matrix [role='img']").first
    assert picture.get_attribute("aria-label") == (
        "Heatmap of Y, 2 rows by 2 columns. Its numbers are in the table below."
    )
    summary = tab_to(page, lambda now: "Y as numbers" in now["name"])
    assert summary["ring"], summary
    page.keyboard.press("Enter")
    table = page.locator("details.numbers[open] table").first  # the matrix view's own
    table.wait_for(timeout=10_000)
    assert re.search(r"19\s+25\s+.*37\s+43", table.inner_text(), re.DOTALL)


def test_a_matrix_editor_takes_a_number_from_the_keyboard(page, server_url):
    _open(page, f"{server_url}/cross_correlation", "en")
    tab_to(page, lambda now: now["tag"] == "canvas")  # X's editor (a data grid)
    for key in ("ArrowRight", "ArrowRight", "ArrowDown"):  # into the cells, to X[1][1]
        page.keyboard.press(key)
    # The grid moves its focus to the cell on its next frame.
    page.wait_for_function(f"(({FOCUSED_JS})() || {{}}).name === '4'", timeout=5_000)
    assert focused(page)["role"] == "gridcell"
    page.keyboard.press("Enter")  # opens the cell's editor, which takes the focus
    page.wait_for_function("document.activeElement?.matches('#portal textarea')", timeout=5_000)
    page.keyboard.press("Control+a")
    page.keyboard.type("9")
    page.wait_for_function("document.activeElement?.value === '9'", timeout=5_000)
    page.wait_for_timeout(300)  # the grid takes the typed value on its next frame
    page.keyboard.press("Enter")
    page.locator(".convlab-matrix").first.filter(has_text="34").wait_for(timeout=30_000)
    wait_idle(page)
    assert re.search(r"34.*35.*42.*43", page.locator(".convlab-matrix").first.text_content())
    assert_no_error_box(page)
