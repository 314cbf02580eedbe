// Conv Lab's matrix view: a small matrix drawn as a grid of cells, row 0 on top, each cell
// in its colour with its number, as ui/heatmap.py prepared them on the server (colours,
// texts, the window's frame). Plain DOM, no libraries: it ships with the repository, works
// offline, and a page's first render does not wait for a charting library.
//
// data = {
//   rows, cols, cell: cell side in px, font: number size in px, alt: what it shows,
//   cells: [[[background, text colour, text, hover title, large], ...] per row],
//   window: [top, left, height, width] or null (the kernel's window, an orange frame)
// }

function element(tag, className, parent) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (parent) parent.appendChild(node);
  return node;
}

function build(root, data) {
  const grid = element("div", "grid", root);
  grid.setAttribute("role", "img");
  grid.setAttribute("aria-label", data.alt);
  grid.style.gridTemplateColumns = `auto repeat(${data.cols}, ${data.cell}px)`;
  grid.style.gridTemplateRows = `auto repeat(${data.rows}, ${data.cell}px)`;
  grid.style.setProperty("--matrix-font", `${data.font}px`);
  element("div", "corner", grid);
  for (let j = 0; j < data.cols; j += 1) {
    const label = element("div", "label column", grid);
    label.textContent = String(j);
  }
  data.cells.forEach((row, i) => {
    const label = element("div", "label row", grid);
    label.textContent = String(i);
    row.forEach(([background, colour, text, title, large]) => {
      const cell = element("div", large ? "cell large" : "cell", grid);
      cell.style.background = background;
      cell.style.color = colour;
      cell.textContent = text;
      cell.title = title;
    });
  });
  if (data.window) {
    const [top, left, height, width] = data.window;
    const frame = element("div", "window", grid);
    // Grid lines count from 1, and row and column 1 hold the labels.
    frame.style.gridRow = `${top + 2} / span ${height}`;
    frame.style.gridColumn = `${left + 2} / span ${width}`;
  }
}

export default function (component) {
  const { data, parentElement } = component;
  let root = parentElement.querySelector(".convlab-matrix");
  if (!root) root = element("div", "convlab-matrix", parentElement);
  const signature = JSON.stringify(data);
  if (root.dataset.signature === signature) return undefined;
  root.dataset.signature = signature;
  root.replaceChildren();
  build(root, data);
  return undefined;
}
