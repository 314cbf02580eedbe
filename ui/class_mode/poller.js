// Conv Lab's class poller: a student's tab asks the server, over plain HTTP, whether the
// teacher has changed anything, and reruns the page only when something did. Plain
// JavaScript in the repository (no CDN: classrooms can be offline), mounted as a
// components v2 component by ui/class_mode/panel.py; the route is ui/class_mode/route.py.
//
// data = {version_url, seen_url, student, seen: the class version this page drew,
//         every_ms: how often to ask, heartbeat_ms: how often to say "still here"}

const PENDING_MS = 5000; // a rerun asked for and not drawn yet: ask again after this at most

async function ask(state) {
  const d = state.data;
  // While the page reruns for a change, asking again would only add to a busy server's work.
  if (state.pendingSince && Date.now() - state.pendingSince < PENDING_MS) return;
  try {
    const response = await fetch(d.version_url, { cache: "no-store", credentials: "same-origin" });
    if (response.status === 503) return; // the class's store is out of reach for now
    // 404: the class has ended (or is unknown): a rerun lets the page say so.
    const version = response.ok ? (await response.json()).version : null;
    if (version !== d.seen && version !== state.asked) {
      state.asked = version; // asked once; the rerun's page brings the new `seen`
      state.pendingSince = Date.now();
      state.setTriggerValue("changed", version);
    }
  } catch (err) {
    // The network dropped for a moment: ask again next time.
  }
  const now = Date.now();
  if (d.student && now - (state.saidAt || 0) >= d.heartbeat_ms) {
    state.saidAt = now;
    fetch(d.seen_url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ student: d.student }),
      credentials: "same-origin",
    }).catch(() => {});
  }
}

export default function (component) {
  const { data, setTriggerValue } = component;
  // Joining has just said "here": the first "still here" comes a heartbeat later.
  const state = (window.__convlabClassPoll ||= { saidAt: Date.now() });
  if (state.data && state.data.seen !== data.seen) state.pendingSince = 0; // the rerun drew
  state.data = data;
  state.setTriggerValue = setTriggerValue;
  if (!state.timer) state.timer = setInterval(() => ask(state), data.every_ms);
  return () => {
    clearInterval(state.timer);
    state.timer = undefined;
  };
}
