"""Feature maps and receptive fields (D2L §7.2.6): which input cells one output cell sees."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import torch
import torch.nn.functional as F

from conv_core.correlation import output_shape
from conv_core.validation import ConvInputError, as_pair


class Layer(NamedTuple):
    """One convolution of a stack: kernel size, stride, dilation and padding, each (h, w)."""

    kernel: tuple[int, int]
    stride: tuple[int, int] = (1, 1)
    dilation: tuple[int, int] = (1, 1)
    padding: tuple[int, int] = (0, 0)

    @classmethod
    def of(cls, kernel, stride=1, dilation=1, padding=0) -> Layer:
        """A Layer from ints or (h, w) pairs, each checked (kernel, stride, dilation ≥ 1)."""
        return cls(
            as_pair(kernel, "kernel size", 1),
            as_pair(stride, "stride", 1),
            as_pair(dilation, "dilation", 1),
            as_pair(padding, "padding", 0),
        )

    @property
    def weights(self) -> int:
        """Weights of its (one-channel) kernel: kh·kw, whatever the dilation."""
        return self.kernel[0] * self.kernel[1]


class Region(NamedTuple):
    """The rows and columns of one feature map that an output cell depends on.

    Indices are the map's own (row 0 is its first real row); an index below 0 or at least the
    map's size is padding: a zero the layer adds, on which nothing further down depends.
    With dilation or a stride larger than the kernel some rows in between are skipped.
    """

    rows: tuple[int, ...]
    cols: tuple[int, ...]
    shape: tuple[int, int] | None  # the map's size; None when the input's was not given

    @property
    def top(self) -> int:
        return self.rows[0]

    @property
    def left(self) -> int:
        return self.cols[0]

    @property
    def span(self) -> tuple[int, int]:
        """Height and width of the box around the region, padding and skipped rows included."""
        if not self.rows or not self.cols:
            return (0, 0)  # a cell that sees only padding sees nothing further down
        return (self.rows[-1] - self.rows[0] + 1, self.cols[-1] - self.cols[0] + 1)

    @property
    def inside_rows(self) -> tuple[int, ...]:
        return tuple(r for r in self.rows if _inside(r, self.shape, 0))

    @property
    def inside_cols(self) -> tuple[int, ...]:
        return tuple(c for c in self.cols if _inside(c, self.shape, 1))

    @property
    def padding_rows(self) -> tuple[int, ...]:
        return tuple(r for r in self.rows if not _inside(r, self.shape, 0))

    @property
    def padding_cols(self) -> tuple[int, ...]:
        return tuple(c for c in self.cols if not _inside(c, self.shape, 1))

    def cells(self) -> list[tuple[int, int]]:
        """Every (row, column) of the map itself (no padding) the output cell depends on."""
        return [(r, c) for r in self.inside_rows for c in self.inside_cols]


class ReceptiveWindow(NamedTuple):
    """Output cell (i, j) of the last layer and its region in every map, the input first."""

    cell: tuple[int, int]
    layers: tuple[Layer, ...]
    regions: tuple[Region, ...]  # regions[0]: the input, regions[-1]: the cell itself

    @property
    def input(self) -> Region:
        return self.regions[0]


class DepthRow(NamedTuple):
    """The first `depth` layers of a stack: their weights and what their last cell sees."""

    depth: int
    weights_per_layer: int  # the deepest layer's kernel
    total_weights: int
    field: tuple[int, int]
    one_kernel_weights: int  # one kernel as large as the field: field_h · field_w


def as_layers(layers) -> tuple[Layer, ...]:
    """A stack as Layers: each a Layer, an int or pair (the kernel size), or a
    (kernel, stride, dilation, padding) sequence or mapping; at least one layer."""
    if isinstance(layers, Layer) or not isinstance(layers, Sequence) or not layers:
        raise ConvInputError(
            "no_layers",
            "layers must be a list of at least one layer (a kernel size, or a kernel size, "
            "stride, dilation and padding).",
            name="layers",
        )
    stack = []
    for spec in layers:
        if isinstance(spec, Layer):
            spec = tuple(spec)
        if isinstance(spec, dict):
            stack.append(Layer.of(**spec))
        elif isinstance(spec, int) or (isinstance(spec, Sequence) and len(spec) == 2):
            stack.append(Layer.of(spec))  # a kernel size: 3, or (3, 5)
        elif isinstance(spec, Sequence) and 1 <= len(spec) <= 4:
            stack.append(Layer.of(*spec))
        else:
            stack.append(Layer.of(spec))  # refused with Layer.of's own sentence
    return tuple(stack)


def receptive_field(kernel_sizes, *, strides=None, dilations=None) -> tuple[int, int]:
    """Side of the input region one cell of the last layer sees, per axis (D2L §7.2.6):
    1 + Σ_l (k_l − 1)·d_l·Π_{m<l} s_m. Padding and the input's borders are ignored."""
    n = _count(kernel_sizes, "kernel_sizes")
    strides = [1] * n if strides is None else strides
    dilations = [1] * n if dilations is None else dilations
    for name, values in (("strides", strides), ("dilations", dilations)):
        if _count(values, name) != n:
            raise ConvInputError(
                "layers_length",
                f"{name} must give one value per layer: {n}, not {len(values)}.",
                name=name,
                expected=n,
                got=len(values),
            )
    stack = [Layer.of(k, s, d) for k, s, d in zip(kernel_sizes, strides, dilations, strict=True)]
    return _field(stack)


def _field(stack: Sequence[Layer]) -> tuple[int, int]:
    rows, cols = (1 + sum(term.widening for term in field_terms(stack, axis)) for axis in (0, 1))
    return (rows, cols)


class FieldTerm(NamedTuple):
    """One layer's share of the receptive field on one axis: (k − 1)·d·jump input cells,
    `jump` being the product of the strides below it (input cells between its input's cells)."""

    kernel: int
    dilation: int
    jump: int

    @property
    def widening(self) -> int:
        return (self.kernel - 1) * self.dilation * self.jump


def field_terms(layers, axis: int = 0) -> tuple[FieldTerm, ...]:
    """The receptive field formula's terms on one axis (0: rows, 1: columns), layer by layer."""
    terms, jump = [], 1
    for layer in as_layers(layers):
        terms.append(FieldTerm(layer.kernel[axis], layer.dilation[axis], jump))
        jump *= layer.stride[axis]
    return tuple(terms)


def feature_map_shapes(input_shape, layers) -> tuple[tuple[int, int], ...]:
    """The size of every map of the stack, the input's first; refused as corr2d refuses."""
    height, width = as_pair(input_shape, "input size", 1)
    shapes = [(height, width)]
    for layer in as_layers(layers):
        shapes.append(
            output_shape(
                shapes[-1],
                layer.kernel,
                padding=layer.padding,
                stride=layer.stride,
                dilation=layer.dilation,
            )
        )
    return tuple(shapes)


def receptive_window(layers, i: int, j: int, *, input_shape=None) -> ReceptiveWindow:
    """The exact rows and columns of every map that output cell (i, j) of the last layer
    depends on, walking down the stack: output row o of a layer reads its input's rows
    o·s − p + a·d for a = 0 … k − 1. With `input_shape` the cell is checked and the padding
    marked; padding rows are zeros, so only the real rows are followed further down."""
    stack = as_layers(layers)
    shapes = None if input_shape is None else feature_map_shapes(input_shape, stack)
    for name, index in (("i", i), ("j", j)):
        if isinstance(index, bool) or not isinstance(index, int) or index < 0:
            raise ConvInputError(
                "index", f"{name} must be a whole number >= 0; got {index!r}.", name=name
            )
    if shapes is not None:
        last = shapes[-1]
        for name, index, size in (("i", i, last[0]), ("j", j, last[1])):
            if index >= size:
                raise ConvInputError(
                    "index",
                    f"{name} must be a whole number from 0 to {size - 1} for a last map of "
                    f"size {last[0]}×{last[1]}; got {index}.",
                    name=name,
                    maximum=size - 1,
                )
    rows, cols = (i,), (j,)
    regions = [Region(rows, cols, None if shapes is None else shapes[-1])]
    for n in range(len(stack) - 1, -1, -1):
        layer, shape = stack[n], None if shapes is None else shapes[n]
        below = Region(
            _reads(_real(rows, shapes and shapes[n + 1], 0), layer, 0),
            _reads(_real(cols, shapes and shapes[n + 1], 1), layer, 1),
            shape,
        )
        regions.append(below)
        rows, cols = below.rows, below.cols
    return ReceptiveWindow((i, j), stack, tuple(reversed(regions)))


def paths_to_cell(layers, i: int, j: int, *, input_shape) -> tuple[torch.Tensor, ...]:
    """For every map, how many paths through the stack lead from each cell to output (i, j):
    the weight it has in that output when every kernel is all ones. Each map but the last
    is padded by the layer that reads it (index + padding); nonzero exactly on the region."""
    window = receptive_window(layers, i, j, input_shape=input_shape)
    shapes = [region.shape for region in window.regions]
    x = torch.zeros((1, 1, *shapes[0]), dtype=torch.float64, requires_grad=True)
    padded = []
    y = x
    for layer in window.layers:
        (ph, pw) = layer.padding
        padded.append(F.pad(y, (pw, pw, ph, ph)))
        ones = torch.ones((1, 1, *layer.kernel), dtype=torch.float64)
        y = F.conv2d(padded[-1], ones, stride=layer.stride, dilation=layer.dilation)
    grads = torch.autograd.grad(y[0, 0, i, j], padded)
    last = torch.zeros(shapes[-1])
    last[i, j] = 1.0
    return (*(g[0, 0].to(torch.float32) for g in grads), last)


def growth_with_depth(layers) -> tuple[DepthRow, ...]:
    """For 1, 2, … layers of the stack: weights, receptive field, and the weights of one
    kernel that large — a deeper stack sees as far with far fewer weights."""
    stack = as_layers(layers)
    rows = []
    for depth in range(1, len(stack) + 1):
        field = _field(stack[:depth])
        rows.append(
            DepthRow(
                depth,
                stack[depth - 1].weights,
                sum(layer.weights for layer in stack[:depth]),
                field,
                math.prod(field),
            )
        )
    return tuple(rows)


def _reads(indices: Sequence[int], layer: Layer, axis: int) -> tuple[int, ...]:
    """The input indices (padding negative or beyond) a layer reads for these outputs."""
    k, s, d, p = (layer.kernel[axis], layer.stride[axis], layer.dilation[axis], layer.padding[axis])
    return tuple(sorted({o * s - p + a * d for o in indices for a in range(k)}))


def _real(indices: tuple[int, ...], shape, axis: int) -> tuple[int, ...]:
    return tuple(x for x in indices if _inside(x, shape, axis))


def _inside(index: int, shape, axis: int) -> bool:
    return index >= 0 and (shape is None or index < shape[axis])


def _count(values, name: str) -> int:
    if isinstance(values, str | bytes) or not isinstance(values, Sequence) or not values:
        raise ConvInputError(
            "no_layers",
            f"{name} must be a list with one value per layer, at least one.",
            name=name,
        )
    return len(values)
