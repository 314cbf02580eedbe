// Conv Lab's player: a run computed once on the server, played in the browser.
//
// Streamlit (components v2) calls the default export with the run as `data` on every script
// run that mounts it. Everything after that — play, pause, step, scrub, speed — happens here,
// at the browser's frame rate, with no round trip to the server. Plain JavaScript, no
// libraries: it ships with the repository and works offline.
//
// data (sent as one JSON text, data.json: ui/component_data.py) = {
//   frames: number of frames (a training run: its steps + 1; the lab: its output cells),
//   speeds: [frames per second, ...], speed: the first one chosen,
//   texts: {play, pause, back, forward, first, last, speed, counter: "Step {n} of {total}",
//           matrix: "{title}, {rows} × {cols} matrix" (a heatmap's name), keys: the player's},
//   counter_offset: added to the frame index in the counter (1 for "cell 1 of 4"),
//   panels: [
//     {type: "heatmap", title, rows, cols, values: [[...] per frame] or [...] (fixed),
//      text: same shapes of strings (optional), box: [[top, left, h, w] per frame] (optional),
//      vmin, vmax, diverging, px (max width)},
//     {type: "lines", title, log, series: [{name, colour, values: [per frame], target}]},
//     {type: "surface", title, w1: [...], w2: [...], losses: [[...] rows of w2, cols of w1],
//      best: [w1, w2], paths: [{name, colour, points: [[w1, w2] per frame]}]},
//     {type: "text", title, values: [string per frame]},
//   ],
//   notes: [{frame, kind: "error" | "success" | "info", text}]  shown from that frame on
// }
// The panels' drawing (PANELS and the helpers it uses) is in panels.js, which comes first.


// ------------------------------------------------------------------ the player

function build(root, data) {
  root.replaceChildren();
  const player = element("div", "player", root);
  if (data.font_px) player.style.setProperty("--player-font", `${data.font_px}px`);
  const controls = element("div", "controls", player);
  const texts = data.texts;
  const button = (name, label) => {
    const node = element("button", `control ${name}`, controls);
    node.type = "button";
    node.title = label;
    node.setAttribute("aria-label", label);
    node.dataset.action = name;
    node.append(icon(name));
    return node;
  };
  const first = button("first", texts.first);
  const back = button("back", texts.back);
  const play = button("play", texts.play);
  const playLabel = element("span", "label", play);
  playLabel.textContent = texts.play;
  const forward = button("forward", texts.forward);
  const last = button("last", texts.last);
  const counter = element("span", "counter", controls);
  counter.setAttribute("aria-live", "polite"); // a step is said; a playing run is not (setPlaying)
  const speedLabel = element("label", "speed", controls);
  speedLabel.append(`${texts.speed} `);
  const speed = element("select", "speed-select", speedLabel);
  for (const value of data.speeds) {
    const option = element("option", "", speed);
    option.value = String(value);
    option.textContent = `${value}/s`;
  }
  speed.value = String(data.speed);
  speedLabel.hidden = data.speeds.length < 2;
  const scrub = element("input", "scrubber", player);
  scrub.type = "range";
  scrub.min = "0";
  scrub.max = String(data.frames - 1);
  scrub.step = "1";
  scrub.setAttribute("aria-label", texts.counter.replace(/\{\w+\}/g, "").trim());
  const notes = element("div", "notes", player);
  const grid = element("div", "panels", player);
  const draws = data.panels.map((spec) => {
    const box = element("figure", `panel panel-${spec.type}${spec.wide ? " wide" : ""}`, grid);
    if (spec.title) element("figcaption", "", box).textContent = spec.title;
    const body = element("div", "body", box);
    return [PANELS[spec.type](spec, body, texts), body];
  });

  const state = { frame: Math.min(data.start || 0, data.frames - 1), playing: false, last: 0, carry: 0, raf: 0, drawn: -1 };

  function render() {
    if (state.drawn === state.frame) return;
    state.drawn = state.frame;
    for (const [draw, body] of draws) draw(state.frame, Math.max(120, body.clientWidth || 300));
    counter.textContent = fill(texts.counter, {
      n: state.frame + (data.counter_offset || 0),
      total: data.frames - 1 + (data.counter_offset || 0),
    });
    counter.dataset.frame = String(state.frame);
    scrub.value = String(state.frame);
    notes.replaceChildren();
    for (const note of data.notes || []) {
      if (state.frame >= note.frame) element("div", `note ${note.kind}`, notes).textContent = note.text;
    }
  }

  function setPlaying(on) {
    state.playing = on && state.frame < data.frames - 1;
    const label = state.playing ? texts.pause : texts.play;
    play.replaceChildren(icon(state.playing ? "pause" : "play"), playLabel);
    playLabel.textContent = label;
    play.title = label;
    play.setAttribute("aria-label", label);
    player.dataset.playing = String(state.playing);
    counter.setAttribute("aria-live", state.playing ? "off" : "polite");
    cancelAnimationFrame(state.raf);
    if (state.playing) {
      state.last = performance.now();
      state.carry = 0;
      state.raf = requestAnimationFrame(tick);
    }
  }

  function go(frame) {
    state.frame = Math.max(0, Math.min(data.frames - 1, frame));
    render();
  }

  function tick(now) {
    if (!state.playing) return;
    if (!player.isConnected) { state.playing = false; return; } // unmounted: stop
    state.carry += ((now - state.last) / 1000) * Number(speed.value);
    state.last = now;
    const steps = Math.floor(state.carry);
    if (steps > 0) {
      state.carry -= steps;
      go(state.frame + steps);
    }
    if (state.frame >= data.frames - 1) { setPlaying(false); return; }
    state.raf = requestAnimationFrame(tick);
  }

  play.addEventListener("click", () => {
    if (!state.playing && state.frame >= data.frames - 1) go(0); // Play at the end: again
    setPlaying(!state.playing);
  });
  back.addEventListener("click", () => { setPlaying(false); go(state.frame - 1); });
  forward.addEventListener("click", () => { setPlaying(false); go(state.frame + 1); });
  first.addEventListener("click", () => { setPlaying(false); go(0); });
  last.addEventListener("click", () => { setPlaying(false); go(data.frames - 1); });
  scrub.addEventListener("input", () => { setPlaying(false); go(Number(scrub.value)); });
  player.tabIndex = 0;
  player.setAttribute("role", "group");
  player.setAttribute("aria-label", texts.keys);
  player.addEventListener("keydown", (event) => {
    // A focused control keeps its own keys (Space presses the focused button, the arrows move
    // the slider or the speed); on the player itself Space plays or pauses; on a button the
    // arrows step.
    if (["INPUT", "SELECT"].includes(event.target.tagName)) return;
    const keys = { ArrowLeft: () => back.click(), ArrowRight: () => forward.click() };
    if (event.target === player) keys[" "] = () => play.click();
    if (keys[event.key]) { event.preventDefault(); keys[event.key](); }
  });
  const resize = new ResizeObserver(() => { state.drawn = -1; render(); });
  resize.observe(grid);
  render();
  return () => { state.playing = false; cancelAnimationFrame(state.raf); resize.disconnect(); };
}

export default function (component) {
  const { parentElement } = component;
  let root = parentElement.querySelector(".convlab-player-root");
  if (!root) root = element("div", "convlab-player-root", parentElement);
  // A new run (new data) rebuilds the player; the same run keeps playing undisturbed.
  const signature = component.data.json; // the data as one JSON text (ui/component_data.py)
  if (root.dataset.signature === signature && root.cleanup) return undefined;
  if (root.cleanup) root.cleanup();
  root.dataset.signature = signature;
  root.cleanup = build(root, JSON.parse(signature));
  return undefined;
}
