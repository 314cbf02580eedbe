// Conv Lab's matrix view: a small matrix drawn as a grid of cells, row 0 on top, each cell
// in its colour with its number, as ui/heatmap.py prepared them on the server (colours,
// texts, the window's frame). Plain DOM, no libraries: it ships with the repository, works
// offline, and a page's first render does not wait for a charting library.
//
// data (sent as one JSON text, data.json: ui/component_data.py) = {
//   rows, cols, cell: cell side in px, font: number size in px, alt: what it shows,
//   cells: [[[background, text colour, text, hover title, large], ...] per row],
//   window: [top, left, height, width] or null (the kernel's window, an orange frame),
//   legend: {bar: CSS gradient, ends: [low, high], text: what the colours mean} or null,
//   numbers: [[text, ...] per row], numbers_label: the fold's title ("X as numbers"),
//   text_px: the labels', legend's and fold's type (larger in classroom mode)
// }
// or {panels: [{label, ...the same}, ...]}: several matrices side by side, each under its
// label, wrapping onto the next line where the room is narrow.

function element(tag, className, parent) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (parent) parent.appendChild(node);
  return node;
}

const LABEL_PX = 28; // the row labels' column
// Cells squeezed below the server's size keep their numbers, smaller, down to this side.
const MIN_NUMBER_PX = 18;
const DENSE_LABELS_PX = 16;

// The cells' side: as the server asked, or smaller where the column is narrower than that.
function fit(box, grid, data) {
  const room = box.clientWidth || data.cols * data.cell + LABEL_PX;
  const cell = Math.max(4, Math.min(data.cell, Math.floor((room - LABEL_PX) / data.cols) - 1));
  grid.style.gridTemplateColumns = `${LABEL_PX}px repeat(${data.cols}, ${cell}px)`;
  grid.style.gridTemplateRows = `auto repeat(${data.rows}, ${cell}px)`;
  grid.style.setProperty("--matrix-font", `${Math.min(data.font, Math.floor(cell * 0.45))}px`);
  grid.classList.toggle("small", cell < MIN_NUMBER_PX);
  // Labels 12 px high do not fit beside cells smaller than that: every fifth one is kept.
  grid.classList.toggle("dense", cell < DENSE_LABELS_PX);
}

function build(root, data) {
  if (data.text_px) root.style.setProperty("--matrix-text", `${data.text_px}px`);
  const grid = element("div", "grid", root);
  grid.matrix = data; // for fitting it again when its box is resized
  grid.setAttribute("role", "img");
  grid.setAttribute("aria-label", data.alt);
  fit(root, grid, data);
  // Every item has its place (grid lines count from 1; row and column 1 hold the labels):
  // the window's frame then overlaps its cells instead of pushing them aside.
  const place = (node, row, column) => {
    node.style.gridRow = String(row);
    node.style.gridColumn = String(column);
  };
  for (let j = 0; j < data.cols; j += 1) {
    const label = element("div", j % 5 ? "label column minor" : "label column", grid);
    label.textContent = String(j);
    place(label, 1, j + 2);
  }
  data.cells.forEach((row, i) => {
    const label = element("div", i % 5 ? "label row minor" : "label row", grid);
    label.textContent = String(i);
    place(label, i + 2, 1);
    row.forEach(([background, colour, text, title, large], j) => {
      const cell = element("div", large ? "cell large" : "cell", grid);
      cell.style.background = background;
      cell.style.color = colour;
      cell.textContent = text;
      cell.title = title;
      place(cell, i + 2, j + 2);
    });
  });
  if (data.window) {
    const [top, left, height, width] = data.window;
    const frame = element("div", "window", grid);
    frame.style.gridRow = `${top + 2} / span ${height}`;
    frame.style.gridColumn = `${left + 2} / span ${width}`;
  }
  if (data.legend) legend(root, data.legend);
  if (data.numbers) numbers(root, data);
}

// The same numbers as a table, folded under the grid (a native <details>: a keyboard opens it
// with Enter, a screen reader reads it cell by cell with its row and column numbers).
function numbers(root, { numbers: rows, numbers_label: label, cols }) {
  const fold = element("details", "numbers", root);
  element("summary", "", fold).textContent = label;
  const box = element("div", "numbers-box", fold);
  // A wide table scrolls inside its box: the box is a keyboard stop (only while open).
  box.tabIndex = 0;
  box.setAttribute("role", "region");
  box.setAttribute("aria-label", label);
  const table = element("table", "", box);
  const head = element("tr", "", element("thead", "", table));
  element("td", "", head);
  for (let j = 0; j < cols; j += 1) {
    const th = element("th", "", head);
    th.scope = "col";
    th.textContent = String(j);
  }
  const body = element("tbody", "", table);
  rows.forEach((row, i) => {
    const tr = element("tr", "", body);
    const th = element("th", "", tr);
    th.scope = "row";
    th.textContent = String(i);
    for (const text of row) element("td", "", tr).textContent = text;
  });
}

// The colour scale under the grid: its bar between its two ends, then in words what it means
// (a picture's grey, or the signed colours), so that nobody has to guess which is which.
function legend(root, { bar, ends, text }) {
  const line = element("div", "legend", root);
  element("span", "end", line).textContent = ends[0];
  element("span", "bar", line).style.background = bar;
  element("span", "end", line).textContent = ends[1];
  element("span", "meaning", line).textContent = text;
}

export default function (component) {
  const { parentElement } = component;
  let root = parentElement.querySelector(".convlab-matrix");
  if (!root) root = element("div", "convlab-matrix", parentElement);
  const signature = component.data.json; // the data as one JSON text (ui/component_data.py)
  if (root.dataset.signature === signature) return undefined;
  root.dataset.signature = signature;
  const data = JSON.parse(signature);
  // A reader's open tables stay open (in a row of panels, each its own).
  const open = [...root.querySelectorAll("details.numbers")].map((fold) => fold.open);
  root.replaceChildren();
  root.classList.toggle("panels", Boolean(data.panels));
  (data.panels || [data]).forEach((matrix) => {
    const box = data.panels ? element("div", "panel", root) : root;
    if (data.panels) element("div", "panel-label", box).textContent = matrix.label;
    build(box, matrix);
  });
  root.querySelectorAll("details.numbers").forEach((fold, k) => {
    fold.open = Boolean(open[k]);
  });
  if (!root.resizing) {
    // A narrower column (a smaller window, the sidebar opened) shrinks the cells.
    root.resizing = new ResizeObserver(() => {
      root.querySelectorAll(".grid").forEach((grid) => fit(grid.parentElement, grid, grid.matrix));
    });
    root.resizing.observe(root);
  }
  return undefined;
}
