"""The locale files: same keys, no empty text, same placeholders; every key the code uses exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from ui.i18n import LANGUAGES, catalog
from ui.shell import LESSON

ROOT = Path(__file__).resolve().parents[2]
CODE = [
    ROOT / "dashboard.py",
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


def test_one_convention_shell_toml_and_one_file_per_lesson_with_the_same_keys():
    """ui/locales/<lang>/ holds shell.toml and <slug>.toml for every lesson, nothing else;
    each file of one language has exactly the keys of its twin in the other."""
    import tomllib

    from ui.i18n import LOCALES_DIR, _flatten
    from ui.shell import HOME

    expected = {"shell.toml"} | {f"{page.slug}.toml" for page in LESSON}
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
