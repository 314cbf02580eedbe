"""Fast 2-D cross-correlation on torch: compiled 3×3, shift-and-add, separable, blocks as
channels, FFT.

`conv_core.correlation.corr2d` validates its arguments and calls these with a 2-D,
contiguous float32 `X` and a finite `K`, `padding=(ph, pw)` and `stride=(sh, sw)`. Each
returns `Y[i, j] = Σ_a Σ_b Xp[i·sh + a, j·sw + b]·K[a, b]` over the zero-padded `Xp`.
X is checked for NaN and infinity by corr2d after the work: given a list `extremes`, the
methods that read X in row tiles (shift, separable, blocked) note each band's (min, max)
at stride 1, so that corr2d needs no pass of its own over X.
None of them records gradients; the learn page uses `F.conv2d` for that.

Why not `F.conv2d`: for one input and one output channel oneDNN has no good kernel, and
it is 18–37× slower than OpenCV on a 12-megapixel image. The methods here instead work in
row tiles small enough to stay in cache (`tiles`), and compute only the outputs a stride
keeps; `corr2d_blocked` does call `F.conv2d`, but with 2-column pieces of X's rows as 2
input channels and 4×4 blocks of Y as 16 output channels, where oneDNN has a fast kernel.
Results come from a small pool of dropped results' memory (`pool`).
`bench/bench_corr2d.py` measures them; README "Speed" has the figures behind the choices
in `auto`.

One module a method: `compiled`, `shift`, `separable`, `blocked`, `fft`; `auto` picks among
them. `compiled` is a 3×3 kernel's taps fused into one loop by torch.compile, once
`prepare_compiled()` has compiled it (seconds, on a thread of its own; it needs a C++
compiler, and without one auto keeps to the others).
"""

from conv_core.fast.auto import FAST_METHODS, MethodChoice, auto_method, corr2d_auto
from conv_core.fast.blocked import corr2d_blocked
from conv_core.fast.compiled import corr2d_compiled
from conv_core.fast.compiled import prepare as prepare_compiled
from conv_core.fast.compiled import status as compiled_status
from conv_core.fast.fft import corr2d_fft, transform_growth
from conv_core.fast.separable import corr2d_separable
from conv_core.fast.shift import corr2d_shift
