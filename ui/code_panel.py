"""The PyTorch code that reproduces what is on screen, and the check that three ways agree."""

from __future__ import annotations

import re

import streamlit as st
import torch

from conv_core import Conv2D, corr2d, format_number, pad
from ui.checks import difference, say_agreement
from ui.i18n import current_language, t, text_in
from ui.shared import shared

# Code shown to a student is written once; its comments and docstrings are texts of the
# locale files, so the Chinese page shows the Chinese edition's words around the same code.
# `# «key»` is a comment (one `# ` line per line of the text, at the marker's indentation),
# any other `«key»` the text itself (a docstring).
_COMMENT = re.compile(r"^(?P<code>[^\n]*?)# «(?P<key>[\w.]+)»$", re.MULTILINE)
_TEXT = re.compile(r"«([\w.]+)»")

_BOOK_CORR2D = '''def corr2d(X, K):  #@save
    """«code.corr2d_doc»"""
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + h, j:j + w] * K).sum()
    return Y
'''

# The book's loop, with the window stepping by the stride (D2L §7.3.2).
_STRIDED_CORR2D = '''def corr2d(X, K, stride=(1, 1)):
    """«code.corr2d_strided_doc»"""
    h, w = K.shape
    sh, sw = stride
    Y = torch.zeros(((X.shape[0] - h) // sh + 1, (X.shape[1] - w) // sw + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i * sh:i * sh + h, j * sw:j * sw + w] * K).sum()
    return Y
'''


def localised(template: str, lang: str, **params) -> str:
    """`template` with its `# «key»` comments and `«key»` texts in `lang` (an argument, not
    the page's language: code cached for every session must not take the first one's)."""

    def comment(found: re.Match) -> str:
        code = found["code"]
        indent = code[: len(code) - len(code.lstrip())]
        lines = text_in(lang, found["key"], **params).splitlines()
        return code + "# " + f"\n{indent}# ".join(lines)

    with_comments = _COMMENT.sub(comment, template)
    return _TEXT.sub(lambda found: text_in(lang, found[1], **params), with_comments)


def book_corr2d(lang: str) -> str:
    """The book's corr2d (D2L §7.2.1), its docstring in `lang` as that edition prints it."""
    return localised(_BOOK_CORR2D, lang)


def _tensor_literal(M: torch.Tensor) -> str:
    rows = ",\n    ".join(
        "[" + ", ".join(_float_literal(x) for x in row) + "]" for row in M.tolist()
    )
    return f"torch.tensor([\n    {rows},\n])"


def _float_literal(x: float) -> str:
    text = format_number(x)
    # 4 decimals are what the editor shows; the code must carry the exact value.
    return repr(float(x)) if float(text) != x else (text if "." in text else text + ".0")


def pytorch_code(X: torch.Tensor, K: torch.Tensor, padding, stride, lang: str) -> str:
    """A runnable script printing Y by the book's loop and by F.conv2d, for this X, K, p, s;
    its comments in `lang`."""
    (ph, pw), (sh, sw) = padding, stride
    plain = (ph, pw, sh, sw) == (0, 0, 1, 1)
    lines = ["import torch", "import torch.nn.functional as F", "", ""]
    lines.append(_BOOK_CORR2D if plain else _STRIDED_CORR2D)
    lines += ["", f"X = {_tensor_literal(X)}", f"K = {_tensor_literal(K)}"]
    if plain:
        lines += ["Y = corr2d(X, K)"]
    else:
        lines += [
            f"Xp = F.pad(X, ({pw}, {pw}, {ph}, {ph}))  # «code.pad_zeros»",
            f"Y = corr2d(Xp, K, stride=({sh}, {sw}))",
        ]
    options = "" if plain else f", padding=({ph}, {pw}), stride=({sh}, {sw})"
    lines += [
        "print(Y)",
        "",
        "# «code.same_with_torch»",
        f"Y_torch = F.conv2d(X[None, None], K[None, None]{options})[0, 0]",
        "print(Y_torch)",
    ]
    return localised("\n".join(lines) + "\n", lang)


def three_ways(X: torch.Tensor, K: torch.Tensor, padding, stride) -> dict[str, torch.Tensor]:
    """Y by the book's loop, by F.conv2d, and by the book's Conv2D layer with weight K."""
    layer = Conv2D(tuple(K.shape))
    with torch.no_grad():
        layer.weight.copy_(K)
        # Conv2D has no stride: a strided output is every s-th cell of the full one.
        by_layer = layer(pad(X, padding))[:: stride[0], :: stride[1]]
    return {
        "loop": corr2d(X, K, padding=padding, stride=stride, method="loop"),
        "torch": corr2d(X, K, padding=padding, stride=stride, method="torch"),
        "layer": by_layer,
    }


@shared(maxsize=32)
def _code_and_check(
    X: torch.Tensor, K: torch.Tensor, padding, stride, lang: str
) -> tuple[str, tuple]:
    """The code in `lang`, and how far the three ways' results are from the loop's (see
    difference). Shared by every session: the language is an argument, part of the key."""
    results = three_ways(X, K, padding, stride)
    found = difference(results["loop"], results["torch"], results["layer"])
    return pytorch_code(X, K, padding, stride, lang), found


def code_panel(X: torch.Tensor, K: torch.Tensor, padding, stride) -> None:
    """Show the code and run the check."""
    code, found = _code_and_check(X, K, padding, stride, current_language())
    st.code(code, language="python")
    say_agreement(found, agree=t("code.agree"), disagree=t("code.disagree"))
