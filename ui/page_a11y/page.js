// Conv Lab's page-level accessibility: what Streamlit's own page does not say, set from the
// browser because only the browser's document has it. Plain JavaScript in the repository (no
// CDN: classrooms can be offline), mounted as a components v2 component by ui/a11y.py.
//
// data = {lang: "en" | "zh", scroll_label: the name of a box that scrolls on its own}
//
// - <html lang>: Streamlit writes lang="en" whatever the page shows; screen readers choose
//   their voice and browsers their CJK font by it.
// - A box that scrolls on its own (a long formula, a wide table on a phone) must be reachable
//   from the keyboard to be scrolled without a mouse: one with nothing focusable inside gets
//   tabindex=0, a name and the class convlab-scroll (its focus ring, ui/a11y.py's CSS). Where
//   it no longer scrolls (a wider window), it loses them again.

const FOCUSABLE =
  "a[href], button, input, select, textarea, summary, iframe, [contenteditable], [tabindex]:not([tabindex='-1'])";
const OURS = "data-convlab-scroll";

function scrollsOnItsOwn(node) {
  const wide = node.scrollWidth > node.clientWidth + 1;
  const tall = node.scrollHeight > node.clientHeight + 1;
  if (!wide && !tall) return false;
  const style = getComputedStyle(node);
  const scrolling = (overflow) => overflow === "auto" || overflow === "scroll";
  return (wide && scrolling(style.overflowX)) || (tall && scrolling(style.overflowY));
}

function label(scrollLabel) {
  const main = document.querySelector("[data-testid='stMain']") || document.body;
  // Read every box first, then write: no layout is forced in between.
  const scrolling = [...main.querySelectorAll("*")].filter(scrollsOnItsOwn);
  const keep = new Set();
  for (const node of scrolling) {
    const ours = node.hasAttribute(OURS);
    if (!ours && (node.matches(FOCUSABLE) || node.querySelector(FOCUSABLE))) continue;
    keep.add(node);
    if (node.getAttribute("aria-label") !== scrollLabel) node.setAttribute("aria-label", scrollLabel);
    if (ours) continue;
    node.setAttribute(OURS, "");
    node.classList.add("convlab-scroll");
    node.setAttribute("tabindex", "0");
    node.setAttribute("role", "region");
  }
  for (const node of main.querySelectorAll(`[${OURS}]`)) {
    if (keep.has(node)) continue;
    for (const name of [OURS, "tabindex", "role", "aria-label"]) node.removeAttribute(name);
    node.classList.remove("convlab-scroll");
  }
}

export default function (component) {
  const { data } = component;
  const html = document.documentElement;
  if (html.lang !== data.lang) html.lang = data.lang;
  const state = (window.__convlabA11y ||= { pending: false });
  state.scrollLabel = data.scroll_label;
  const later = () => {
    if (state.pending) return;
    state.pending = true;
    requestAnimationFrame(() => {
      state.pending = false;
      label(state.scrollLabel);
    });
  };
  if (!state.observer) {
    // Streamlit redraws the page's elements on every run: look again after each change, and
    // when the window's width changes what overflows.
    state.observer = new MutationObserver(later);
    state.observer.observe(document.body, { childList: true, subtree: true });
    window.addEventListener("resize", later);
  }
  later();
  return undefined;
}
