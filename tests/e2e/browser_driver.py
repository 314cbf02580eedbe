"""Helpers for the browser tests (and the benchmarks that drive a browser): start a
`streamlit run` server, the Chromium to use, wait for the app to settle, look for error boxes."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until the script has finished its run and every chart has been drawn."""
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_function(
        "document.querySelectorAll('[data-testid=stSkeleton]').length === 0",
        timeout=timeout,
    )


def assert_no_error_box(page) -> None:
    assert page.locator(ERRORS).count() == 0, page.locator(ERRORS).all_inner_texts()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().strip() == b"ok"
    except OSError:
        return False


@contextlib.contextmanager
def serve(log_dir: Path) -> Iterator[str]:
    """`streamlit run dashboard.py` on a free port of 127.0.0.1, stopped on leaving."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "dashboard.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
    ]
    # The log goes to a file: an unread pipe fills up and would stall the server mid-session.
    log_path = log_dir / "server.log"
    log = log_path.open("wb")
    server = subprocess.Popen(
        command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=os.environ.copy()
    )
    try:
        deadline = time.monotonic() + 90
        while not _healthy(url):
            if server.poll() is not None:
                pytest.fail(f"streamlit exited: {log_path.read_text(errors='replace')[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail("streamlit did not answer /_stcore/health within 90 s")
            time.sleep(0.5)
        yield url
    finally:
        stop(server)
        log.close()


def stop(server: subprocess.Popen, timeout: float = 10) -> None:
    """Ask a server to stop; kill it if it has not within `timeout` seconds."""
    server.terminate()
    try:
        server.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=timeout)


def switch_to_the_lab_in_classroom_mode(page, url: str) -> None:
    """From the home page opened with ?classroom=true, follow the link to the lab; classroom
    mode (3 number inputs, no size inputs) must come along."""
    page.goto(f"{url}/?classroom=true")
    wait_idle(page)
    page.wait_for_timeout(1500)  # the frontend may still be rewriting the URL
    page.get_by_role("link", name=re.compile("Cross-correlation lab")).first.click()
    # The old page is idle too until the switch starts: wait for the lab itself.
    page.wait_for_url(re.compile("cross_correlation"))
    page.locator("[data-testid='stNumberInput']").first.wait_for(timeout=30_000)
    wait_idle(page)
    assert page.get_by_role("switch", name="Classroom mode").is_checked()
    assert page.locator("[data-testid='stNumberInput']").count() == 3  # no size inputs
    assert_no_error_box(page)


# ------------------------------------------------------------------ accessibility helpers

# axe-core's WCAG 2.0 and 2.1, levels A and AA (the bar; best-practice rules are not
# in these tags).
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, tags: list[str] = WCAG_AA) -> list[dict]:
    """axe-core's violations on the page as it is now, each as {id, impact, help, nodes:
    [{target, html, summary}]}. axe-core (axe.min.js) comes from the PyPI package
    axe-playwright-python pinned in requirements-dev.txt: injected by the test, never served
    or fetched by the app. axe looks into the components' shadow roots itself."""
    from axe_playwright_python.base import AXE_SCRIPT

    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]},
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [
                {
                    "target": n["target"],
                    "html": n["html"][:200],
                    "summary": (n.get("failureSummary") or "")[:400],
                }
                for n in v["nodes"]
            ],
        }
        for v in results["violations"]
    ]


def block_other_hosts(context, server_url: str) -> list[str]:
    """Abort every request a page of `context` makes to any host but the server's; the list
    returned fills with the URLs that were asked for (an offline classroom has no other)."""
    server = server_url.rstrip("/")
    asked: list[str] = []

    def route(request_route) -> None:
        url = request_route.request.url
        if url == server or url.startswith((server + "/", "data:", "blob:")):
            request_route.continue_()
        else:
            asked.append(url)
            request_route.abort()

    context.route("**/*", route)
    return asked


# What sticks out past the right edge of the window inside the main area (shadow roots
# included), leaving out what sits inside a box that scrolls sideways and is itself within
# the window: a formula or table there can be scrolled, the page need not be.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const scrollerWithin = (node) => {
    for (let up = node.parentElement || node.getRootNode().host; up;
         up = up.parentElement || (up.getRootNode && up.getRootNode().host)) {
      const x = getComputedStyle(up).overflowX;
      if ((x === "auto" || x === "scroll") && up.getBoundingClientRect().right <= width + 1) {
        return true;
      }
    }
    return false;
  };
  const found = [];
  const walk = (root) => {
    for (const node of root.querySelectorAll("*")) {
      if (node.shadowRoot) walk(node.shadowRoot);
      const box = node.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || box.right <= width + 1) continue;
      if (node.closest(".katex-mathml")) continue; // a formula's MathML, for screen readers only
      if (getComputedStyle(node).visibility === "hidden" || scrollerWithin(node)) continue;
      const name = node.getAttribute("data-testid") || node.className.baseVal || node.className;
      const tag = node.tagName.toLowerCase();
      found.push(`${tag}.${String(name).slice(0, 60)} right=${Math.round(box.right)}`);
    }
  };
  const main = document.querySelector("[data-testid=stMain]");
  if (main) walk(main);
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    outside: found.slice(0, 10),
  };
}"""


def overflow(page) -> dict:
    """{scrollWidth, innerWidth, outside: what runs off the screen} (OVERFLOW_JS)."""
    return page.evaluate(OVERFLOW_JS)


# The element that has the keyboard's focus, looked for through the components' shadow
# roots, with what a sighted keyboard user sees of it: its outline or focus ring.
FOCUSED_JS = """() => {
  let node = document.activeElement;
  while (node && node.shadowRoot && node.shadowRoot.activeElement) {
    node = node.shadowRoot.activeElement;
  }
  if (!node || node === document.body) return null;
  const style = getComputedStyle(node);
  return {
    tag: node.tagName.toLowerCase(),
    name: node.getAttribute("aria-label") || (node.innerText || "").trim().slice(0, 80)
          || node.getAttribute("placeholder") || "",
    className: String(node.className.baseVal ?? node.className),
    type: node.getAttribute("type") || "",
    role: node.getAttribute("role") || "",
    label: (node.labels && node.labels[0] ? node.labels[0].innerText : "").trim(),
    ring: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
          || (style.boxShadow && style.boxShadow !== "none"),
  };
}"""


def focused(page) -> dict | None:
    """What has the keyboard's focus (FOCUSED_JS), or None."""
    return page.evaluate(FOCUSED_JS)


def tab_to(page, wanted, *, limit: int = 300, key: str = "Tab") -> dict:
    """Press Tab (or `key`) until wanted(focused(page)) is true, unless it is already; the
    focused element then.
    Fails after `limit` presses: the control cannot be reached from the keyboard."""
    now = focused(page)
    if now is not None and wanted(now):  # there already (a rerun kept the focus)
        return now
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        now = focused(page)
        if now is not None and wanted(now):
            return now
        seen.append(now and (now["tag"], now["name"][:30]))
    raise AssertionError(f"not reached with {limit} × {key}; last: {seen[-8:]}")
