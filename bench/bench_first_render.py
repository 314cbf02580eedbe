"""Benchmark: every page's first render in Chromium — budget ≤ 3 s on an idle machine.

    python bench/bench_first_render.py            # ~2 minutes
    python bench/bench_first_render.py --rounds 5

Starts `streamlit run dashboard.py` on a free port of 127.0.0.1 and Debian's Chromium (as the
e2e tests do). For every page (home and the lesson, from ui/shell.py), a new browser
context (a new session: nothing cached in the browser) opens the page's URL; the time is
from the navigation to the script having finished and no chart left as a skeleton. The
first round is each page's first visit on this server (what the first student waits
for, including what the server computes once for everyone); later rounds are later
students. Measured on an idle machine and beside two busy processes.
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
from browser_driver import CHROMIUM, CHROMIUM_ARGS, ERRORS, serve, wait_idle  # noqa: E402

from ui.shell import HOME, LESSON  # noqa: E402

BUDGET_SECONDS = 3.0


def render_seconds(browser, url: str) -> float:
    """Seconds from opening `url` in a new session until the page has settled."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url)
        wait_idle(page, timeout=120_000)
        seconds = time.perf_counter() - start
        errors = page.locator(ERRORS).all_inner_texts()
        if errors:
            raise SystemExit(f"{url}: {errors[0][:300]}")
        return seconds
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="visits per page and condition")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    slugs = [""] + [page.slug for page in LESSON]  # "" is the home page
    names = {"": HOME.slug}
    print(
        "| page | condition | first visit on the server | later sessions (median / max) | budget |"
    )
    print("| --- | --- | --- | --- | --- |")
    worst = 0.0
    with tempfile.TemporaryDirectory() as logs, serve(Path(logs)) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for condition, load in conditions():
                with load:
                    for slug in slugs:
                        times = [
                            render_seconds(browser, f"{url}/{slug}") for _ in range(args.rounds)
                        ]
                        first, later = times[0], times[1:] or times
                        if condition == "idle":
                            worst = max(worst, *times)
                        print(
                            f"| {names.get(slug, slug)} | {condition} | {first:.1f} s | "
                            f"{statistics.median(later):.1f} s / {max(later):.1f} s | "
                            f"≤ {BUDGET_SECONDS:.0f} s idle |",
                            flush=True,
                        )
        finally:
            browser.close()
    verdict = "within" if worst <= BUDGET_SECONDS else "OVER"
    print(
        f"\nslowest first render, idle: {worst:.1f} s — {verdict} the {BUDGET_SECONDS:.0f} s budget"
    )


if __name__ == "__main__":
    main()
