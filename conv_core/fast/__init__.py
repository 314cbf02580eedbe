"""Fast 2-D cross-correlation on torch: blocks as channels, and an FFT for large kernels.

`conv_core.correlation.corr2d` validates its arguments and calls these with a 2-D,
contiguous float32 `X` and `K` (K finite; X scanned for NaN and infinity first, or at
stride 1 checked through `sums`), `padding=(ph, pw)` and `stride=(sh, sw)`. Each
returns `Y[i, j] = Σ_a Σ_b Xp[i·sh + a, j·sw + b]·K[a, b]` over the zero-padded `Xp`, and
records no gradients (the learn page uses `F.conv2d` for that). Given a list `sums`, each
appends sums of its outputs (tensors): `blocked` the sum of Y, the FFT one per band of
tiles while it is in cache. Every tap is multiplied, zeros included, so they are all finite
only if every element of X and every output is (corr2d's check at stride 1, where every
element of X lies under some output's window; a sum may also overflow alone).

Why not `F.conv2d` itself: for one input and one output channel oneDNN has no good kernel,
and it is many times slower than OpenCV on a photo. `corr2d_blocked` calls it shaped as
many channels, where oneDNN is fast, in row tiles (each tile's result memory reused by the
next); the FFT takes over when a kernel is too large for that. `auto` picks between them;
`bench/bench_corr2d.py` measures them (docs/performance.md).
"""

from conv_core.fast.auto import FAST_METHODS, MethodChoice, auto_method, corr2d_auto
from conv_core.fast.blocked import corr2d_blocked
from conv_core.fast.fft import corr2d_fft, transform_growth
