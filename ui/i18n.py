"""Translations: every text a user reads comes from ui/locales/<lang>/<page>.toml through `t`."""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path
from typing import Any

import streamlit as st

LOCALES_DIR = Path(__file__).parent / "locales"
LANGUAGES = {"en": "English", "zh": "中文"}
LANG_KEY = "lang"  # the sidebar widget's key, and the URL parameter (?lang=zh)
MISSING = "⟦missing: {key}⟧"  # shown instead of crashing; tests look for it


@functools.cache
def catalog(lang: str) -> dict[str, str]:
    """The flat `section.name -> text` table of one language.

    `locales/<lang>/shell.toml` holds the texts every page shares, `locales/<lang>/<page>.toml`
    each page's own. A key defined twice is an error, not a silent win.
    """
    flat: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.toml")):
        with path.open("rb") as f:
            table = _flatten(tomllib.load(f))
        twice = sorted(set(flat) & set(table))
        if twice:
            raise ValueError(f"{path.name} defines keys already defined: {', '.join(twice)}")
        flat.update(table)
    return flat


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for name, value in table.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{name}."))
        else:
            flat[f"{prefix}{name}"] = value
    return flat


def browser_language(locale: str | None) -> str:
    """'zh' for a Chinese browser locale (zh, zh-CN, zh-Hant-TW, …), otherwise 'en'."""
    return "zh" if (locale or "").lower().startswith("zh") else "en"


def current_language() -> str:
    lang = st.session_state.get(LANG_KEY)
    return lang if lang in LANGUAGES else browser_language(st.context.locale)


# Two Chinese characters with a space between them (see text_in).
_BETWEEN_HAN = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")


def t(key: str, /, **params: Any) -> str:
    """The text `key` in the current language, with `{name}` placeholders filled in."""
    return text_in(current_language(), key, **params)


def text_in(lang: str, key: str, /, **params: Any) -> str:
    """`t` in the language `lang`: for what is made once for every session's language."""
    text = catalog(lang).get(key)
    if text is None:
        return MISSING.format(key=key)
    if not params:
        return text
    text = text.format(**params)
    # Chinese puts a space between a Chinese character and a Latin one ("K 的数值"), never
    # between two Chinese ones, which a placeholder's value can bring together ("与 K 做互相关
    # 的数值" is "与 K 做互相关的数值").
    return _BETWEEN_HAN.sub("", text) if lang == "zh" else text


def option_labels(prefix: str):
    """A widget's format_func: option `v` shown as the text `prefix + v`, in today's language.

    The language is fixed when the widget is drawn, not looked up when the label is: AppTest
    (and anything else) may call a format_func outside the script's run.
    """
    lang = current_language()
    return lambda value: text_in(lang, f"{prefix}{value}")


def error_text(err: ValueError) -> str:
    """A conv_core ValueError in the current language (its English text if it has no code)."""
    code = getattr(err, "code", None)
    key = f"errors.{code}"
    if code is None or key not in catalog(current_language()):
        return str(err)
    params = {name: _readable(value) for name, value in getattr(err, "params", {}).items()}
    try:
        return t(key, **params)
    except (KeyError, IndexError):  # a placeholder this error did not provide
        return str(err)


def _readable(value: Any) -> Any:
    """Shapes as 3×3, not (3, 3)."""
    if isinstance(value, tuple | list):
        return "×".join(str(v) for v in value)
    return value
