"""Benchmark: the player in Chromium — frames per second, and how fast Pause, a step and a
scrub answer — on an idle machine and beside two busy processes.

    python bench/bench_player.py

Starts `streamlit run dashboard.py` on a free port of 127.0.0.1 and Debian's Chromium (as the
e2e tests do), opens the learning page, and counts the distinct frames the player draws with
`requestAnimationFrame`: every animation frame the page reads the player's step counter,
and a frame counts when the step shown has changed. Pause latency is the time from the click
to the last change of the step shown; a step or scrub's latency is the time from the input
to the new step being on screen. Also: changing the learning rate, from the key press to the
new run's first frame (a server rerun: the run is computed and sent once).
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from background_load import conditions  # noqa: E402
from browser_driver import CHROMIUM, CHROMIUM_ARGS, serve, wait_idle  # noqa: E402

PLAY_SECONDS = 3.0
ROUNDS = 3

# Runs in the page: watch the player's counter every animation frame for `seconds`.
_WATCH = """
async ([seconds, action]) => {
  const host = [...document.querySelectorAll('*')]
      .find((e) => e.shadowRoot?.querySelector('.player'));
  const root = host.shadowRoot;
  const counter = root.querySelector('.counter');
  const button = (name) => root.querySelector(`button.${name}`);
  const seen = [];
  let frames = 0, last = counter.dataset.frame, lastChange = performance.now();
  button('first').click();
  const start = performance.now();
  button('play').click();
  let pausedAt = null;
  await new Promise((done) => {
    function tick(now) {
      frames += 1;
      if (counter.dataset.frame !== last) {
        last = counter.dataset.frame; seen.push(now); lastChange = now;
      }
      if (action === 'pause' && pausedAt === null && now - start > seconds * 500) {
        pausedAt = performance.now(); button('play').click();
      }
      if (now - start < seconds * 1000) requestAnimationFrame(tick); else done();
    }
    requestAnimationFrame(tick);
  });
  return {frames, changes: seen.length, elapsed: (performance.now() - start) / 1000,
          pauseLatency: pausedAt === null ? null : Math.max(0, lastChange - pausedAt),
          playLatency: seen.length ? seen[0] - start : null,
          last: Number(last)};
}
"""

_RESPONSE = """
async (action) => {
  const host = [...document.querySelectorAll('*')]
      .find((e) => e.shadowRoot?.querySelector('.player'));
  const root = host.shadowRoot;
  const counter = root.querySelector('.counter');
  const before = counter.dataset.frame;
  const start = performance.now();
  if (action === 'forward') root.querySelector('button.forward').click();
  if (action === 'scrub') {
    const scrub = root.querySelector('input.scrubber');
    scrub.value = String(Math.floor(Number(scrub.max) / 2));
    scrub.dispatchEvent(new Event('input'));
  }
  await new Promise((done) => {
    function tick() {
      if (counter.dataset.frame !== before) done(); else requestAnimationFrame(tick);
    }
    tick();
  });
  // The new step is drawn in this same task; the next animation frame puts it on screen.
  await new Promise((done) => requestAnimationFrame(() => done()));
  return performance.now() - start;
}
"""

_NEW_RUN = """
() => {
  const player = () => [...document.querySelectorAll('*')]
      .find((e) => e.shadowRoot?.querySelector('.convlab-player-root'));
  const signature = () => player()?.shadowRoot.querySelector('.convlab-player-root')
      ?.dataset.signature;
  const before = signature();
  window.__newRun = null;
  document.addEventListener('keydown', () => {
    const pressed = performance.now();
    (function tick() {
      const now = signature();
      if (now && now !== before) window.__newRun = performance.now() - pressed;
      else requestAnimationFrame(tick);
    })();
  }, {once: true, capture: true});
}
"""


# The heaviest run to send (a 3×3 target: 500 steps, every step's 14×14 output), and the
# book's 1×2 kernel at lr 3e-3 (290 steps to converge, with its loss surface).
SETTINGS = {"3×3 Sobel target": "lr=0.002&target=sobel_x", "book's 1×2 kernel": "lr=0.003"}


def _measure(page, url: str, query: str) -> dict[str, float]:
    page.goto(f"{url}/learn_kernel?{query}")
    wait_idle(page)
    page.wait_for_timeout(1000)
    fps, changes, plays, pauses, steps, scrubs, new_runs = [], [], [], [], [], [], []
    for _ in range(ROUNDS):
        played = page.evaluate(_WATCH, [PLAY_SECONDS, "play"])
        fps.append(played["frames"] / played["elapsed"])
        changes.append(played["changes"] / played["elapsed"])
        plays.append(played["playLatency"])
        page.evaluate(_RESPONSE, "forward")  # stops the play, as a student's click would
        paused = page.evaluate(_WATCH, [2.0, "pause"])
        pauses.append(paused["pauseLatency"])
        steps.append(page.evaluate(_RESPONSE, "forward"))
        scrubs.append(page.evaluate(_RESPONSE, "scrub"))
        page.evaluate(_NEW_RUN)
        slider = page.locator("[data-testid='stSlider'] input[type='range']").first
        slider.focus()
        slider.press("ArrowLeft")  # a new learning rate: a new run, computed and sent once
        page.wait_for_function("window.__newRun !== null", timeout=60_000)
        new_runs.append(page.evaluate("window.__newRun"))
        wait_idle(page)
        slider.press("ArrowRight")
        wait_idle(page)
        page.wait_for_timeout(500)
    return {
        "animation frames/s": statistics.median(fps),
        "distinct frames/s": statistics.median(changes),
        "play to first new frame ms": statistics.median(plays),
        "pause latency ms": statistics.median(pauses),
        "step ms": statistics.median(steps),
        "scrub ms": statistics.median(scrubs),
        "new learning rate to first frame ms": statistics.median(new_runs),
    }


def main() -> None:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        sys.exit(f"needs Chromium at {CHROMIUM}")
    logs = Path("/tmp") / "bench_player"
    logs.mkdir(exist_ok=True)
    results = {}
    with serve(logs) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for condition, load in conditions():
            with load:
                for setting, query in SETTINGS.items():
                    page = browser.new_page(viewport={"width": 1400, "height": 1600})
                    results[f"{setting}, {condition}"] = _measure(page, url, query)
                    page.close()
        browser.close()
    names = list(next(iter(results.values())))
    print("| measure | " + " | ".join(results) + " |")
    print("| --- |" + " --- |" * len(results))
    for name in names:
        print(f"| {name} | " + " | ".join(f"{r[name]:.0f}" for r in results.values()) + " |")


if __name__ == "__main__":
    main()
