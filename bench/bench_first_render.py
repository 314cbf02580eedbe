"""Benchmark: every page's first render in Chromium — budget ≤ 3 s on an idle machine.

    python bench/bench_first_render.py            # ~2 minutes
    python bench/bench_first_render.py --rounds 5

Starts `streamlit run dashboard.py` on a free port of 127.0.0.1 and Debian's Chromium (as the
e2e tests do). For every page (home and the lesson, from ui/shell.py), a new browser
context (a new session: nothing cached in the browser) opens the page's URL; the time is
from the navigation to the script having finished and no chart left as a skeleton. The
first round is each page's first visit on this server (what the first student waits
for, including what the server computes once for everyone); later rounds are later
students. Then, as a student moves through the lesson, each round a new browser context
opens the home page and clicks every lesson page in the sidebar in turn (the app's code
already loaded in the tab): from the click until that page has settled. Measured on an
idle machine and beside two busy processes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from background_load import conditions  # noqa: E402
from browser_driver import CHROMIUM, CHROMIUM_ARGS, ERRORS, IDLE, serve, wait_idle  # noqa: E402

from ui.shell import HOME, LESSON  # noqa: E402

BUDGET_SECONDS = 3.0


def render_seconds(browser, url: str) -> float:
    """Seconds from opening `url` in a new session until the page has settled."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url)
        return settled_since(page, start, url)
    finally:
        context.close()


def settled_since(page, start: float, where: str) -> float:
    """Seconds since `start` once the page has settled; an error box on it ends the run."""
    wait_idle(page, timeout=120_000)
    seconds = time.perf_counter() - start
    errors = page.locator(ERRORS).all_inner_texts()
    if errors:
        raise SystemExit(f"{where}: {errors[0][:300]}")
    return seconds


def navigate_seconds(page, url: str, slug: str) -> float:
    """Seconds from a click on the sidebar's link to `slug` (the app already loaded in this
    tab, as a student moves through the lesson) until that page has settled."""
    before = page.locator("h1").first.inner_text()
    start = time.perf_counter()
    page.locator(f"[data-testid='stSidebarNav'] a[href='{url}/{slug}']").click()
    page.wait_for_function(
        "([title, idle]) => { const h = document.querySelector('h1');"
        " return h && h.innerText !== title && document.querySelector(idle) !== null; }",
        arg=[before, IDLE],
        timeout=120_000,
    )
    return settled_since(page, start, f"{url}/{slug}")


def through_the_sidebar(browser, url: str, slugs: list[str], rounds: int) -> dict[str, list]:
    """Each round a new browser context opens the home page, then every lesson page in turn
    from the sidebar: seconds per page."""
    times: dict[str, list[float]] = {slug: [] for slug in slugs}
    for _ in range(rounds):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        try:
            page.goto(url)
            wait_idle(page, timeout=120_000)
            for slug in slugs:
                times[slug].append(navigate_seconds(page, url, slug))
        finally:
            context.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="visits per page and condition")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    slugs = [""] + [page.slug for page in LESSON]  # "" is the home page
    names = {"": HOME.slug}
    print(
        "| page | condition | first visit on the server | later sessions (median / max) | "
        "from the sidebar (median / max) | budget |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    worst = {"opened by its link in a new browser": 0.0, "opened from the sidebar": 0.0}
    with tempfile.TemporaryDirectory() as logs, serve(Path(logs)) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for condition, load in conditions():
                with load:
                    # Each page by its link first: the first round is its first visit on
                    # this server; then the same pages from the sidebar.
                    by_link = {
                        slug: [render_seconds(browser, f"{url}/{slug}") for _ in range(args.rounds)]
                        for slug in slugs
                    }
                    sidebar = through_the_sidebar(browser, url, slugs[1:], args.rounds)
                for slug, times in by_link.items():
                    first, later = times[0], times[1:] or times
                    clicks = sidebar.get(slug)
                    if condition == "idle":
                        ways = zip(worst, (times, clicks or [0.0]), strict=True)
                        for how, seconds in ways:
                            worst[how] = max(worst[how], *seconds)
                    by_click = (
                        f"{statistics.median(clicks):.1f} s / {max(clicks):.1f} s"
                        if clicks
                        else "—"
                    )
                    print(
                        f"| {names.get(slug, slug)} | {condition} | {first:.1f} s | "
                        f"{statistics.median(later):.1f} s / {max(later):.1f} s | "
                        f"{by_click} | ≤ {BUDGET_SECONDS:.0f} s idle |",
                        flush=True,
                    )
        finally:
            browser.close()
    print()
    for how, seconds in worst.items():
        verdict = "within" if seconds <= BUDGET_SECONDS else "OVER"
        print(f"slowest first render, idle, {how}: {seconds:.1f} s — {verdict} the "
              f"{BUDGET_SECONDS:.0f} s budget")  # fmt: skip


if __name__ == "__main__":
    main()
