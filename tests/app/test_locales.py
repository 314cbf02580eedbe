"""The locale files: same keys, no empty text, same placeholders; every key the code uses exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from ui.i18n import LANGUAGES, catalog, text_in
from ui.shell import LESSON

ROOT = Path(__file__).resolve().parents[2]
CODE = [
    ROOT / "conv_lab.py",
    *sorted((ROOT / "lessons").rglob("*.py")),
    *sorted((ROOT / "ui").rglob("*.py")),
]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys():
    en, zh = catalog("en"), catalog("zh")
    assert sorted(set(en) - set(zh)) == []
    assert sorted(set(zh) - set(en)) == []


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_no_text_is_empty(lang):
    assert [key for key, text in catalog(lang).items() if not str(text).strip()] == []


def test_placeholders_match_between_languages():
    en, zh = catalog("en"), catalog("zh")
    assert {k: _placeholders(v) for k, v in en.items()} == {k: _placeholders(zh[k]) for k in en}


def test_every_key_the_code_uses_exists():
    used = set()
    for path in CODE:
        used |= set(re.findall(r"""\bt\(\s*["']([\w.]+)["']""", path.read_text(encoding="utf-8")))
    # Keys built from names: a page's title and summary, the heading of each matrix editor.
    used |= {f"{page.slug}.{part}" for page in LESSON for part in ("nav_title", "summary")}
    assert len(used) > 40
    assert sorted(used - set(catalog("en"))) == []


def test_every_error_code_the_lab_can_meet_is_translated():
    codes = {
        "empty",
        "ragged",
        "not_finite",
        "not_number",
        "kernel_too_large",
        "dilated_kernel_too_large",
        "stride",
        "dilation",
        "padding",
        "cell_empty",
        "cell_text",
        "cell_not_finite",
        "url_too_large",
    }
    assert sorted(codes - {k.removeprefix("errors.") for k in catalog("zh")}) == []


def test_the_chinese_file_is_chinese():
    zh = catalog("zh")
    assert all(
        re.search(r"[\u4e00-\u9fff]", zh[key])
        for key in ("cross_correlation.title", "errors.stride")
    )


# A half-width , : ; ! ? ( ) touching a Chinese character, outside `code` and $math$: Chinese
# prose takes the full-width marks ，：；！？（）. Shapes like (2, 3) and code keep half-width.
HALF_WIDTH_BESIDE_CHINESE = re.compile(r"[\u4e00-\u9fff][,:;!?()]|[,:;!?(][\u4e00-\u9fff]")
# And a half-width bracket around Chinese words (a call such as corr2d(平移后的 X) aside), or
# around English words glossing Chinese ones: 特征映射 (feature map) is 特征映射（feature map）.
HALF_WIDTH_BRACKETS = re.compile(
    r"(?<![\w\])^])\([^()]*[\u4e00-\u9fff][^()]*\)|[\u4e00-\u9fff] ?\([A-Za-z][a-z ]+\)"
)
CODE_OR_MATH = re.compile(r"`[^`]*`|\$[^$]*\$")
# Words the D2L Chinese edition does not use, with the word it uses instead.
NOT_THE_BOOKS_WORDS = {
    "特征图": "特征映射",
    "Waldo": "沃尔多",  # zh 6.1 names the game 沃尔多在哪里; the first mention glosses it
    "抽头": "卷积核的元素 / 权重",
    "输出单元": "输出元素",
    "单元格": "元素",
}


def _half_width_beside_chinese(text: str) -> list[str]:
    prose = CODE_OR_MATH.sub(" ", text)
    return HALF_WIDTH_BESIDE_CHINESE.findall(prose) + HALF_WIDTH_BRACKETS.findall(prose)


def test_the_half_width_check_sees_what_it_should():
    assert _half_width_beside_chinese("输入 X(包括大小),看 Y") == ["(包", "小)", ",看"]
    assert _half_width_beside_chinese("称为特征映射 (feature map)。") == ["射 (feature map)"]
    assert _half_width_beside_chinese("比如 (x 大于 y)。") == ["(x 大于 y)"]
    assert _half_width_beside_chinese("答对了!再试") == ["了!"]
    assert _half_width_beside_chinese("形状是 (2, 3)，`f(x, 参数)` 与 $a(b, 中)$") == []
    assert _half_width_beside_chinese("输入（包括大小），看 Y[{i}, {j}]：好") == []


def test_chinese_text_uses_full_width_punctuation():
    zh = catalog("zh")
    found = {key: hits for key, text in zh.items() if (hits := _half_width_beside_chinese(text))}
    assert found == {}


def test_chinese_text_uses_the_books_terms():
    zh = catalog("zh")
    found = {
        key: f"{word} → {instead}"
        for key, text in zh.items()
        for word, instead in NOT_THE_BOOKS_WORDS.items()
        if word in text.replace("沃尔多（Waldo）", "沃尔多")
    }
    assert found == {}


def test_one_convention_shell_toml_and_one_file_per_lesson_with_the_same_keys():
    """ui/locales/<lang>/ holds shell.toml and <slug>.toml for every lesson, nothing else;
    each file of one language has exactly the keys of its twin in the other."""
    import tomllib

    from ui.i18n import LOCALES_DIR, _flatten
    from ui.shell import HOME

    # class_mode.toml: the class panel and its questions, drawn on any page (ui/class_mode)
    # padding_stride.toml: the padding and stride lesson, written before its entry in LESSON.
    expected = {"shell.toml", "class_mode.toml", "padding_stride.toml"} | {
        f"{page.slug}.toml" for page in LESSON
    }
    assert not list(LOCALES_DIR.glob("*.toml"))  # no language file beside the folders
    for lang in LANGUAGES:
        assert {f.name for f in (LOCALES_DIR / lang).iterdir()} == expected
    for name in sorted(expected):
        en, zh = (
            set(_flatten(tomllib.loads((LOCALES_DIR / lang / name).read_text("utf-8"))))
            for lang in ("en", "zh")
        )
        assert sorted(en ^ zh) == [], name
    assert f"{HOME.slug}.title" in catalog("en")


def test_a_page_may_keep_its_texts_in_its_own_file(tmp_path, monkeypatch):
    """Every locales/<lang>/*.toml adds to the catalog; a key defined twice is refused."""
    import ui.i18n as i18n

    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "shell.toml").write_text('[home]\ntitle = "Conv Lab"\n', encoding="utf-8")
    (tmp_path / "en" / "page.toml").write_text('[page]\ntitle = "A page"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    i18n.catalog.cache_clear()
    try:
        assert i18n.catalog("en") == {"home.title": "Conv Lab", "page.title": "A page"}
        (tmp_path / "en" / "twice.toml").write_text('[home]\ntitle = "x"\n', encoding="utf-8")
        i18n.catalog.cache_clear()
        with pytest.raises(ValueError, match=r"twice\.toml defines keys already defined: home"):
            i18n.catalog("en")
    finally:
        i18n.catalog.cache_clear()


def test_no_chinese_text_puts_a_space_between_two_chinese_characters():
    between_han = re.compile(r"[\u4e00-\u9fff] [\u4e00-\u9fff]")
    assert not [key for key, text in catalog("zh").items() if between_han.search(text)]


@pytest.mark.parametrize(
    ("lang", "name", "expected"),
    [
        ("zh", "与 K 做互相关", "与 K 做互相关的数值"),  # a value ending in Chinese: no gap
        ("zh", "K", "K 的数值"),  # a Latin letter keeps its space
        ("en", "Cross-correlation with K", "Cross-correlation with K as numbers"),
    ],
)
def test_a_placeholder_brings_no_space_between_two_chinese_characters(lang, name, expected):
    assert text_in(lang, "heatmap.as_numbers", name=name) == expected
