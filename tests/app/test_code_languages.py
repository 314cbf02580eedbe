"""The code a student reads, in both languages: the Chinese page's comments and docstrings are
Chinese (the Chinese edition's words), the English page's English, and the program is the same.
"""

from __future__ import annotations

import ast
import contextlib
import io
import re
import tokenize

import pytest
import torch
from app_driver import LAB, open_page

from conv_core import BookConv2D, book_example
from lessons.learn_kernel_sections.note_layer import _source
from ui.code_panel import book_corr2d, pytorch_code
from ui.i18n import MISSING
from ui.learn_code import book_code

LEARN = "lessons/learn_kernel.py"
CJK = re.compile(r"[\u4e00-\u9fff]")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
# Words a Chinese comment may hold besides the code's own names: the book's `#@save` marker,
# and the framework's name, which the Chinese edition writes in Latin letters too.
NOT_PROSE = {"save", "PyTorch"}
_X, _K = book_example()


def _programs(lang: str) -> dict[str, str]:
    """Every piece of code the pages show with comments or docstrings, in `lang`."""
    X = torch.tensor([[1.0, -2.5, 3.0], [0.25, 5.0, 6.0], [7.0, 8.0, 9.0]])
    K = torch.tensor([[1.0, 0.0], [0.5, -1.0]])
    return {
        "lab": pytorch_code(_X, _K, (0, 0), (1, 1), lang),
        "lab, padded and strided": pytorch_code(X, K, (1, 2), (2, 1), lang),
        "learn": book_code(7, lang),
        "book's Conv2D": _source(BookConv2D, lang),
    }


def _tokens(code: str) -> list[tokenize.TokenInfo]:
    return list(tokenize.generate_tokens(io.StringIO(code).readline))


def _is_docstring(token: tokenize.TokenInfo) -> bool:
    return token.type == tokenize.STRING and token.string.startswith('"""')


def _prose(code: str) -> list[str]:
    """The code's comments (the book's `#@save` marker aside) and docstrings."""
    return [
        token.string.strip('#" ')
        for token in _tokens(code)
        if (token.type == tokenize.COMMENT and token.string != "#@save") or _is_docstring(token)
    ]


def _without_prose(code: str) -> list[tuple]:
    """The code's tokens and their columns, without comments (nor the line ends of lines that
    hold only a comment: a Chinese comment may take more lines) and with empty docstrings."""
    return [
        (token.type, '""' if _is_docstring(token) else token.string)
        + (() if token.type == tokenize.NEWLINE else (token.start[1],))
        for token in _tokens(code)
        if token.type not in (tokenize.COMMENT, tokenize.NL)
    ]


def _without_docstrings(code: str) -> str:
    tree = ast.parse(code)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and ast.get_docstring(node):
            node.body[0] = ast.Expr(ast.Constant(""))
    return ast.dump(tree)


def _printed(code: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "shown", "exec"), {})
    return out.getvalue()


EN, ZH = _programs("en"), _programs("zh")


def _english_words(code: str) -> set[str]:
    """Latin-letter words of the comments and docstrings that are not the code's own names."""
    names = {token.string for token in _tokens(code) if token.type == tokenize.NAME}
    return {word for text in _prose(code) for word in WORD.findall(text)} - names - NOT_PROSE


def test_the_check_sees_english_in_a_chinese_comment():
    code = (
        'def f(stride):  #@save\n    """按步幅 stride 滑动"""\n    lr = 1  # 学习率 learning rate\n'
    )
    assert _english_words(code) == {"learning", "rate"}


@pytest.mark.parametrize("name", list(ZH))
def test_the_chinese_codes_comments_and_docstrings_are_chinese(name):
    code = ZH[name]
    prose = _prose(code)
    assert prose  # every piece has something to translate
    assert [text for text in prose if not CJK.search(text)] == []
    assert _english_words(code) == set()
    assert "⟦" not in code  # no MISSING text


@pytest.mark.parametrize("name", list(EN))
def test_the_english_codes_comments_stay_english(name):
    prose = _prose(EN[name])
    assert prose
    assert [text for text in prose if CJK.search(text) or "⟦" in text] == []


@pytest.mark.parametrize("name", list(ZH))
def test_both_languages_show_the_same_program(name):
    assert _without_prose(ZH[name]) == _without_prose(EN[name])
    assert _without_docstrings(ZH[name]) == _without_docstrings(EN[name])
    assert ZH[name] != EN[name]


def test_the_check_sees_a_changed_program():
    changed = EN["learn"].replace("lr = 3e-2", "lr = 3e-3")
    assert _without_prose(changed) != _without_prose(EN["learn"])
    assert _without_docstrings(changed) != _without_docstrings(EN["learn"])
    moved = EN["lab"].replace("Y = corr2d(X, K)\n", "Y = corr2d(X,\n K)\n")
    assert _without_prose(moved) != _without_prose(EN["lab"])


@pytest.mark.parametrize("name", ["lab", "lab, padded and strided", "learn"])
def test_the_chinese_code_runs_and_prints_what_the_english_prints(name):
    printed = _printed(ZH[name])
    assert printed == _printed(EN[name])
    if name == "lab":  # D2L §7.2.1: the book's X and K give [[19, 25], [37, 43]], twice
        assert printed.count("[[19., 25.],\n        [37., 43.]]") == 2
    if name == "learn":
        assert printed.startswith("epoch 2, loss ")


def test_the_book_corr2d_in_chinese_is_the_books():
    """zh.d2l.ai 6.2.1 prints the loop with this docstring."""
    assert book_corr2d("zh").splitlines()[:2] == [
        "def corr2d(X, K):  #@save",
        '    """计算二维互相关运算"""',
    ]
    scope: dict = {"torch": torch}
    exec(book_corr2d("zh"), scope)
    assert scope["corr2d"](_X, _K).tolist() == [[19.0, 25.0], [37.0, 43.0]]


def test_the_chinese_learning_loop_has_the_books_comments():
    """zh.d2l.ai 6.2.4's comments, word for word."""
    code = ZH["learn"]
    for line in (
        "# 构造一个二维卷积层，它具有1个输出通道和形状为（1，2）的卷积核\n"
        "# 为了简单起见，这里忽略偏置\nconv2d = nn.Conv2d(",
        "# 这个二维卷积层使用四维输入和输出格式（批量大小、通道、高度、宽度），\n"
        "# 其中批量大小和通道数都为1\nX = X.reshape((1, 1, 6, 8))",
        "lr = 3e-2  # 学习率\n",
        "    # 迭代卷积核\n    conv2d.weight.data[:] -= lr * conv2d.weight.grad",
        "# 从本页的初始权重开始（随机种子 7）",
    ):
        assert line in code


def test_a_missing_text_is_shown_as_missing_not_raised():
    from ui.code_panel import localised

    assert (
        localised("x = 1  # «code.no_such_key»\n", "zh")
        == "x = 1  # " + MISSING.format(key="code.no_such_key") + "\n"
    )


def _code_blocks(at) -> list[str]:
    return [block.value for block in at.code]


def test_the_pages_show_each_student_the_code_in_their_language():
    """The lab's code is shared by every session (ui.shared): a Chinese student after an
    English one with the same X and K gets Chinese comments, and the English one English."""
    english = next(c for c in _code_blocks(open_page(LAB)) if c.startswith("import torch"))
    chinese_at = open_page(LAB, locale="zh-CN")
    assert not chinese_at.exception
    chinese = next(c for c in _code_blocks(chinese_at) if c.startswith("import torch"))
    assert "Compute 2D cross-correlation." in english
    assert '"""计算二维互相关运算"""' in chinese
    assert _without_prose(chinese) == _without_prose(english)
    again = next(c for c in _code_blocks(open_page(LAB)) if c.startswith("import torch"))
    assert again == english


def test_the_learn_page_in_chinese_shows_chinese_code():
    at = open_page(LEARN, locale="zh-CN")
    assert not at.exception
    blocks = [c for c in _code_blocks(at) if "def corr2d" in c]
    assert len(blocks) == 2  # the book's experiment, and exercise 3's Conv2D
    for code in blocks:
        assert '"""计算二维互相关运算"""' in code
        assert "Compute" not in code
    assert "# 迭代卷积核" in blocks[0]
