"""The book's kernel-learning experiment as runnable PyTorch code, and its output (D2L §7.2.4)."""

from __future__ import annotations

from collections.abc import Iterable

from conv_core import StepRecord, format_number
from ui.code_panel import book_corr2d, localised  # the book's loop, as the lab shows it
from ui.i18n import current_language

BOOK_LR = 3e-2
BOOK_STEPS = 10
PRINT_EVERY = 2

_CODE = """import math

import torch
from torch import nn


{corr2d}

X = torch.ones((6, 8))
X[:, 2:6] = 0  # «learn_kernel.code.band»
K = torch.tensor([[1.0, -1.0]])
Y = corr2d(X, K)  # «learn_kernel.code.edges»

# «learn_kernel.code.layer»
conv2d = nn.Conv2d(1, 1, kernel_size=(1, 2), bias=False)
# «learn_kernel.code.start»
generator = torch.Generator().manual_seed({seed})
bound = 1 / math.sqrt(2)
conv2d.weight.data[:] = (torch.rand((1, 2), generator=generator) * 2 - 1) * bound

# «learn_kernel.code.axes»
X = X.reshape((1, 1, 6, 8))
Y = Y.reshape((1, 1, 6, 7))
lr = 3e-2  # «learn_kernel.code.lr»

for i in range(10):
    Y_hat = conv2d(X)
    l = (Y_hat - Y) ** 2
    conv2d.zero_grad()
    l.sum().backward()
    # «learn_kernel.code.update»
    conv2d.weight.data[:] -= lr * conv2d.weight.grad
    if (i + 1) % 2 == 0:
        print(f'epoch {i + 1}, loss {l.sum():.3f}')

print(conv2d.weight.data.reshape((1, 2)))
"""


def book_code(seed: int, lang: str | None = None) -> str:
    """The book's training loop, started from the page's initial weights for `seed`; its
    comments in `lang` (the page's language when not given)."""
    lang = lang or current_language()
    code = _CODE.replace("{corr2d}", book_corr2d(lang)).replace("{seed}", str(int(seed)))
    return localised(code, lang, seed=int(seed))


def book_output(records: Iterable[StepRecord]) -> str:
    """What book_code prints, written from learn_kernel's records of the same run."""
    records = list(records)
    lines = [f"epoch {r.step}, loss {r.loss:.3f}" for r in records if r.step % PRINT_EVERY == 0]
    lines.append(str(records[-1].weight.reshape((1, 2))))
    return "\n".join(lines) + "\n"


def vector_text(values) -> str:
    """A kernel's weights as the book prints a list: [0.1234, -0.5678]."""
    return "[" + ", ".join(format_number(v) for v in values.flatten().tolist()) + "]"
