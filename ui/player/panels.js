// Conv Lab's player, its panels: how a heatmap, a chart of lines, a loss surface and a line of
// text are drawn for one frame. ui/player/__init__.py puts this file before player.js (the
// player's controls and its default export), which documents the panels' data.


const BLUES = [
  [247, 251, 255], [222, 235, 247], [198, 219, 239], [158, 202, 225],
  [107, 174, 214], [66, 146, 198], [33, 113, 181], [8, 81, 156], [8, 48, 107],
];
// Plotly's RdBu (its 11 stops), as the server's heatmaps draw signed values: red below zero,
// blue above.
const RDBU = [
  [103, 0, 31], [178, 24, 43], [214, 96, 77], [244, 165, 130], [253, 219, 199],
  [247, 247, 247], [209, 229, 240], [146, 197, 222], [67, 147, 195], [33, 102, 172],
  [5, 48, 97],
];
const BOX_COLOUR = "#e8590c"; // ui.heatmap.WINDOW_COLOUR: the same orange as the server's heatmaps
// Icons as SVG paths (a font may lack the media symbols; Chinese fonts often do).
const ICONS = {
  first: "M5 4h2v16H5zM19 4v16L8 12z",
  back: "M18 4v16L6 12z",
  play: "M7 4v16l13-8z",
  pause: "M6 4h4v16H6zM14 4h4v16h-4z",
  forward: "M6 4v16l12-8z",
  last: "M17 4h2v16h-2zM5 4v16l11-8z",
};

function icon(name) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.classList.add("icon");
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", ICONS[name]);
  svg.appendChild(path);
  return svg;
}

// Black or white numbers, whichever contrasts more with the cell (as ui.heatmap's
// _text_colour: one of them is always at least 4.58:1).
function textOn(rgb) {
  const [r, g, b] = rgb.map((k) => {
    const c = k / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return (lum + 0.05) ** 2 >= 0.05 * 1.05 ? "#000" : "#fff";
}

function colourAt(scale, t) {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (scale.length - 1);
  const i = Math.min(scale.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [scale[i], scale[i + 1]];
  return a.map((v, k) => Math.round(v + (b[k] - v) * f));
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

function numberText(v, digits) {
  // As conv_core.format_number writes it: 19 not 19.000, -0 as 0.
  let text = Number(v).toFixed(digits);
  if (text.includes(".")) text = text.replace(/0+$/, "").replace(/\.$/, "");
  return text === "-0" || text === "" ? "0" : text;
}

function element(tag, className, parent) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (parent) parent.appendChild(node);
  return node;
}

function frameOf(values, frame) {
  // A panel's values are either one per frame or the same for every frame.
  return Array.isArray(values) && Array.isArray(values[0]) ? values[Math.min(frame, values.length - 1)] : values;
}

function sizedCanvas(canvas, width, height) {
  const ratio = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }
  const context = canvas.getContext("2d");
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  return context;
}

// ------------------------------------------------------------------ panels

// Several lines differ by their dashes as well as their colour (not by colour alone): solid,
// dashed, dotted, the same in the legend.
const DASHES = [[], [9, 5], [2, 4]];
const SWATCH_STYLES = ["solid", "dashed", "dotted"];

function dashOf(index, count) {
  return count > 1 ? DASHES[index % DASHES.length] : [];
}

function legendOf(items, body) {
  // A legend only where there is more than one thing to tell apart.
  if (items.length < 2) return;
  const legend = element("div", "legend", body);
  items.forEach((item, index) => {
    const entry = element("span", "legend-item", legend);
    const style = SWATCH_STYLES[index % SWATCH_STYLES.length];
    element("span", "swatch", entry).style.borderTop = `4px ${style} ${item.colour}`;
    entry.append(item.name);
  });
}

function star(context, x, y, r) {
  context.beginPath();
  for (let i = 0; i < 10; i += 1) {
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    const radius = i % 2 === 0 ? r : r * 0.45;
    context.lineTo(x + radius * Math.cos(angle), y + radius * Math.sin(angle));
  }
  context.closePath();
  context.fill();
}

function correlated(spec, frame) {
  // Y = corr2d(X, K) of this frame's kernel, computed here: the run sends X once and a
  // kernel per frame, not every frame's output (a 3×3 run's outputs were 0.9 MB of JSON).
  const { input, input_cols: inCols, kernels, kernel_rows: kh, kernel_cols: kw } = spec.correlate;
  const K = kernels[Math.min(frame, kernels.length - 1)];
  const out = new Array(spec.rows * spec.cols);
  for (let r = 0; r < spec.rows; r += 1) {
    for (let c = 0; c < spec.cols; c += 1) {
      let sum = 0;
      for (let a = 0; a < kh; a += 1) {
        for (let b = 0; b < kw; b += 1) sum += input[(r + a) * inCols + c + b] * K[a * kw + b];
      }
      out[r * spec.cols + c] = sum;
    }
  }
  return out;
}

// A canvas is a picture to a screen reader: its name says the matrix's shape and, for a small
// one, its numbers row by row as this frame shows them ("?" not yet computed).
function spokenMatrix(spec, values, frame, texts) {
  const name = fill(texts.matrix, { title: spec.title || "", rows: spec.rows, cols: spec.cols });
  if (spec.rows * spec.cols > 64) return name;
  const rows = [];
  for (let r = 0; r < spec.rows; r += 1) {
    const row = [];
    for (let c = 0; c < spec.cols; c += 1) {
      const index = r * spec.cols + c;
      const v = values[index];
      const hidden = (spec.reveal && index > frame) || v === null || v === undefined || Number.isNaN(v);
      row.push(hidden ? "?" : spec.text ? spec.text[index] : numberText(v, spec.digits ?? 3));
    }
    rows.push(row.join(" "));
  }
  return `${name}: ${rows.join("; ")}`;
}

function heatmapPanel(spec, body, texts) {
  const canvas = element("canvas", "heatmap", body);
  canvas.setAttribute("role", "img");
  return (frame, width) => {
    const { rows, cols } = spec;
    const cell = Math.max(8, Math.min(64, Math.floor(Math.min(width, spec.px || width) / cols)));
    const context = sizedCanvas(canvas, cell * cols, cell * rows);
    const values = spec.correlate ? correlated(spec, frame) : frameOf(spec.values, frame);
    canvas.setAttribute("aria-label", spokenMatrix(spec, values, frame, texts));
    const text = spec.text || null;
    const pad = spec.padding || [0, 0];
    const bound = Math.max(Math.abs(spec.vmin), Math.abs(spec.vmax)) || 1;
    context.font = `${Math.max(9, Math.min(18, cell * 0.36))}px sans-serif`;
    context.textAlign = "center";
    context.textBaseline = "middle";
    for (let r = 0; r < rows; r += 1) {
      for (let c = 0; c < cols; c += 1) {
        const index = r * cols + c;
        const v = values[index];
        const padded = r < pad[0] || r >= rows - pad[0] || c < pad[1] || c >= cols - pad[1];
        if (spec.reveal && index > frame) { // not computed yet
          context.fillStyle = "#f1f3f5";
          context.fillRect(c * cell, r * cell, cell - 1, cell - 1);
          continue;
        }
        if (v === null || v === undefined || Number.isNaN(v)) continue;
        const t = spec.diverging ? (v / bound + 1) / 2 : (v - spec.vmin) / (spec.vmax - spec.vmin || 1);
        const [red, green, blue] = colourAt(spec.diverging ? RDBU : BLUES, t);
        context.fillStyle = `rgb(${red},${green},${blue})`;
        context.fillRect(c * cell, r * cell, cell - 1, cell - 1);
        if (padded) { // the zeros added around the input, shaded as on the server's heatmaps
          context.fillStyle = "rgba(120, 120, 120, 0.35)";
          context.fillRect(c * cell, r * cell, cell - 1, cell - 1);
        }
        const label = text ? text[index] : numberText(v, spec.digits ?? 3);
        if (label && cell >= 24 && rows <= 20 && cols <= 20) {
          const shown = padded ? [red, green, blue].map((k) => 0.35 * 120 + 0.65 * k) : [red, green, blue];
          context.fillStyle = textOn(shown);
          context.fillText(label, c * cell + cell / 2, r * cell + cell / 2);
        }
      }
    }
    if (spec.box) {
      const [top, left, h, w] = frameOf(spec.box, frame);
      context.strokeStyle = BOX_COLOUR;
      context.lineWidth = 3;
      context.strokeRect(left * cell + 1.5, top * cell + 1.5, w * cell - 3, h * cell - 3);
    }
  };
}

function axes(context, width, height, margin, xRange, yRange, log) {
  const [x0, x1] = xRange;
  const [y0, y1] = log ? yRange.map(Math.log10) : yRange;
  const sx = (x) => margin.l + ((x - x0) / (x1 - x0 || 1)) * (width - margin.l - margin.r);
  const sy = (y) => {
    const v = log ? Math.log10(y) : y;
    return height - margin.b - ((v - y0) / (y1 - y0 || 1)) * (height - margin.t - margin.b);
  };
  context.strokeStyle = "#adb5bd";
  context.lineWidth = 1;
  context.strokeRect(margin.l, margin.t, width - margin.l - margin.r, height - margin.t - margin.b);
  context.fillStyle = "#495057";
  context.font = "11px sans-serif";
  context.textAlign = "right";
  context.textBaseline = "middle";
  const ticks = log
    ? Array.from({ length: Math.floor(y1) - Math.ceil(y0) + 1 }, (_, i) => 10 ** (Math.ceil(y0) + i))
    : [yRange[0], (yRange[0] + yRange[1]) / 2, yRange[1]];
  for (const tick of ticks.filter((_, i, all) => all.length <= 8 || i % Math.ceil(all.length / 8) === 0)) {
    context.fillText(log ? `1e${Math.round(Math.log10(tick))}` : numberText(tick, 2), margin.l - 4, sy(tick));
  }
  context.textAlign = "center";
  context.textBaseline = "top";
  context.fillText(String(x0), margin.l, height - margin.b + 3);
  context.fillText(String(x1), width - margin.r, height - margin.b + 3);
  return [sx, sy];
}

function linesPanel(spec, body) {
  const canvas = element("canvas", "chart", body);
  legendOf(spec.series, body);
  const finite = spec.series.flatMap((s) => [...s.values, s.target ?? s.values[0]])
    .filter((v) => Number.isFinite(v) && (!spec.log || v > 0));
  const low = finite.length ? Math.min(...finite) : 0;
  const high = finite.length ? Math.max(...finite) : 1;
  const yRange = spec.log
    ? [10 ** Math.floor(Math.log10(low)), 10 ** Math.ceil(Math.log10(high))]
    : [low - 0.05 * (high - low || 1), high + 0.05 * (high - low || 1)];
  return (frame, width) => {
    const height = 220;
    const context = sizedCanvas(canvas, width, height);
    const last = Math.max(10, ...spec.series.map((s) => s.values.length - 1));
    const margin = { l: 46, r: 10, t: 8, b: 18 };
    const [sx, sy] = axes(context, width, height, margin, [0, last], yRange, spec.log);
    spec.series.forEach((series, index) => {
      if (series.target !== undefined && series.target !== null) {
        context.setLineDash([5, 4]);
        context.strokeStyle = series.colour;
        context.lineWidth = 1;
        context.beginPath();
        context.moveTo(margin.l, sy(series.target));
        context.lineTo(width - margin.r, sy(series.target));
        context.stroke();
        context.setLineDash([]);
      }
      context.strokeStyle = series.colour;
      context.lineWidth = 2.5;
      context.setLineDash(dashOf(index, spec.series.length));
      context.beginPath();
      let drawing = false;
      const upto = Math.min(frame, series.values.length - 1);
      for (let i = 0; i <= upto; i += 1) {
        const v = series.values[i];
        if (!Number.isFinite(v) || (spec.log && v <= 0)) { drawing = false; continue; }
        const y = Math.min(height, Math.max(0, sy(v)));
        if (drawing) context.lineTo(sx(i), y); else context.moveTo(sx(i), y);
        drawing = true;
      }
      context.stroke();
      context.setLineDash([]);
    });
  };
}

function surfacePanel(spec, body) {
  const canvas = element("canvas", "chart", body);
  legendOf(spec.paths, body);
  // The surface is drawn once, in log colours, into an image the frames are drawn over.
  const rows = spec.losses.length;
  const cols = spec.losses[0].length;
  const image = document.createElement("canvas");
  image.width = cols;
  image.height = rows;
  const pixels = image.getContext("2d").createImageData(cols, rows);
  // Log colours from a floor at a thousandth of the highest loss: the bowl's shape shows
  // across the whole map instead of only at its very bottom.
  const flat = spec.losses.flat();
  const floor = Math.max(...flat) * 1e-3 || 1e-12;
  const logs = flat.map((v) => Math.log10(Math.max(v, 0) + floor));
  const [low, high] = [Math.min(...logs), Math.max(...logs)];
  logs.forEach((v, i) => {
    const [red, green, blue] = colourAt(BLUES, 1 - (v - low) / (high - low || 1));
    const row = rows - 1 - Math.floor(i / cols); // w2 grows upwards
    const at = (row * cols + (i % cols)) * 4;
    pixels.data.set([red, green, blue, 255], at);
  });
  image.getContext("2d").putImageData(pixels, 0, 0);
  const [w1Low, w1High] = [spec.w1[0], spec.w1[spec.w1.length - 1]];
  const [w2Low, w2High] = [spec.w2[0], spec.w2[spec.w2.length - 1]];
  return (frame, width) => {
    const side = Math.min(width, 420);
    const context = sizedCanvas(canvas, side, side);
    context.imageSmoothingEnabled = true;
    context.drawImage(image, 0, 0, side, side);
    const sx = (w) => ((w - w1Low) / (w1High - w1Low)) * side;
    const sy = (w) => side - ((w - w2Low) / (w2High - w2Low)) * side;
    for (const path of spec.paths) { // where each run started: a ring
      const [a, b] = path.points[0];
      context.strokeStyle = path.colour;
      context.lineWidth = 2;
      context.beginPath();
      context.arc(sx(a), sy(b), 7, 0, 2 * Math.PI);
      context.stroke();
    }
    spec.paths.forEach((path, index) => {
      context.strokeStyle = path.colour;
      context.fillStyle = path.colour;
      context.lineWidth = 2.5;
      context.setLineDash(dashOf(index, spec.paths.length));
      context.beginPath();
      const upto = Math.min(frame, path.points.length - 1);
      let drawing = false;
      for (let i = 0; i <= upto; i += 1) {
        const [a, b] = path.points[i];
        if (!Number.isFinite(a) || !Number.isFinite(b)) { drawing = false; continue; }
        const [x, y] = [Math.min(side + 50, Math.max(-50, sx(a))), Math.min(side + 50, Math.max(-50, sy(b)))];
        if (drawing) context.lineTo(x, y); else context.moveTo(x, y);
        drawing = true;
      }
      context.stroke();
      context.setLineDash([]);
      const [a, b] = path.points[upto];
      if (Number.isFinite(a) && Number.isFinite(b)) {
        context.beginPath();
        context.arc(sx(a), sy(b), 5, 0, 2 * Math.PI);
        context.fill();
      }
    });
    context.fillStyle = "#2b8a3e"; // the lowest point: a star, drawn last so a path never hides it
    context.strokeStyle = "#fff";
    star(context, sx(spec.best[0]), sy(spec.best[1]), 9);
    context.fillStyle = "#212529";
    context.font = "12px sans-serif";
    context.textAlign = "left";
    context.textBaseline = "bottom";
    context.fillText("w1 →", 4, side - 2);
    context.save();
    context.translate(12, 40);
    context.rotate(-Math.PI / 2);
    context.fillText("w2 →", -30, 0);
    context.restore();
  };
}

function textPanel(spec, body) {
  const line = element("pre", "text", body);
  return (frame) => {
    const value = frameOf(spec.values, frame);
    line.textContent = Array.isArray(spec.values) ? spec.values[Math.min(frame, spec.values.length - 1)] : value;
  };
}

const PANELS = { heatmap: heatmapPanel, lines: linesPanel, surface: surfacePanel, text: textPanel };
