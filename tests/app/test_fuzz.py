"""Fuzz: every page, both languages, classroom mode on and off, opened with hostile links,
every widget set to its extremes and to hostile text, every button pressed, then a seeded
random sequence of such actions. Fails on any exception, any ⟦missing: …⟧ text, any
<script> that reaches the page as HTML, and any link, heading or HTML from a link's names
or values, a cell or a file's name that the page would render (forged_values.MARKUP).
Seeded and bounded: the same run every time.
"""

from __future__ import annotations

import io
import random
import time

import pytest
from app_driver import all_text, open_page
from forged_values import HEADING, HTML, LINK, MARKUP, markdown_texts, markup_from_input
from PIL import Image

import conv_core
from ui.edge_photo import MAX_NAME_CHARS
from ui.i18n import LANGUAGES, MISSING
from ui.matrix_text import shown
from ui.shell import LESSON
from ui.url_params import PARAMS

PAGES = [None, *(page.path for page in LESSON)]
MISSING_MARK = MISSING.split("{")[0]
SCRIPT = "<script>alert(1)</script>"
MATRIX_200 = ";".join(",".join(str((r * 200 + c) % 7) for c in range(200)) for r in range(200))
HOSTILE_TEXT = [
    "", "   ", "nan", "inf", "-inf", "1e309", "1e38", "-1e38", "abc", "1,2;3", "１２３",
    SCRIPT, "x" * 10_000, MATRIX_200, "3e38", *MARKUP,
]  # fmt: skip
CELL_TEXT = [*HOSTILE_TEXT[:11], "3e38", "-3e38", LINK, HEADING, HTML]
HOSTILE_URL_VALUES = [*HOSTILE_TEXT, "-1", "0", "99999999999999999999", "2.5", "true", "中文"]
SEQUENCE_STEPS = 12
SECONDS_PER_PAGE = 60  # a bound on the random sequence, so the whole test stays in minutes


def _png(side: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (side, side), (200, 40, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


# (file name, bytes): broken files, and pictures of 1×1 and 5×5 pixels under hostile names
BAD_UPLOADS = [
    ("photo.png", b""),
    ("photo.png", b"not an image at all"),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20),
    (f"{LINK}.png", _png(1)),
    (f"{HEADING}{HTML}.png", _png(5)),
    ("`" + "y" * 300 + ".png", _png(5)),
]


def _check(at, context: str) -> None:
    assert not at.exception, f"{context}: {[e.value for e in at.exception]}"
    text = all_text(at)
    assert MISSING_MARK not in text, f"{context}: a text is missing"
    for element in at.get("markdown"):
        if getattr(element.proto, "allow_html", False):
            assert "<script" not in element.value.lower(), f"{context}: raw HTML with a script"
    for element in at.get("html"):
        assert "<script" not in str(element.proto.body).lower(), f"{context}: st.html with script"
    rendered = markup_from_input(at)
    assert not rendered, f"{context}: Markdown from input rendered: {rendered}"


# Every option name the pages use: AppTest shows a choice widget's labels only, so the raw
# options are found among these by the widget's own format_func.
_NAMES = {str(option) for spec in PARAMS.values() for option in spec.options}
for collection in (
    conv_core.SIGNALS, conv_core.VOLUMES, conv_core.SIGNAL_KERNELS, conv_core.VOLUME_KERNELS,
    conv_core.KERNELS, conv_core.TARGETS, conv_core.OPTIMIZERS, conv_core.DISPLAY_MODES,
    conv_core.SAMPLES, conv_core.DENSE_KERNELS, conv_core.PICTURE_KERNELS, LANGUAGES,
    conv_core.DIAGONAL_CASES, ("note", "with_init", "fixed"),
    ("own", "custom", "band", "band_t", "diagonal", "k", "k_t", "optimizers", "learning_rates"),
):  # fmt: skip
    _NAMES |= {str(name) for name in collection}
_NUMBERS = [*conv_core.LEARNING_RATES, *conv_core.SPACINGS, 1, 2, 4]


def _raw_options(widget) -> list:
    """The values behind a choice widget's labels."""
    labels, found = set(widget.options), []
    for candidate in [*sorted(_NAMES), *_NUMBERS]:
        try:
            if str(widget.format_func(candidate)) in labels:
                found.append(candidate)
        except Exception:
            continue
    return found


def _hostile_query(seed: int) -> dict[str, str]:
    rng = random.Random(seed)
    query = {name: rng.choice(HOSTILE_URL_VALUES) for name in PARAMS}
    query["no_such_parameter"] = "1"
    query |= dict.fromkeys(MARKUP, "1")  # Markdown as parameters' names
    return query


def _actions(at) -> list[tuple[str, object, object]]:
    """Every widget on the page with the values to try on it: (kind, key, value)."""
    actions: list[tuple[str, object, object]] = []
    for w in at.number_input:
        low = w.min if w.min is not None else -1e9
        high = w.max if w.max is not None else 1e9
        actions += [("number", w.key, low), ("number", w.key, high)]
    for w in at.slider:
        actions += [("slider", w.key, w.proto.min), ("slider", w.key, w.proto.max)]
    for w in at.select_slider:
        raw = _raw_options(w)
        actions += [("select_slider", w.key, raw[0]), ("select_slider", w.key, raw[-1])]
    for w in at.selectbox:
        actions += [("selectbox", w.key, option) for option in _raw_options(w)]
    for w in at.button_group:
        actions += [("button_group", w.key, option) for option in _raw_options(w)]
    for w in at.multiselect:
        raw = _raw_options(w)
        actions += [("multiselect", w.key, raw[:1]), ("multiselect", w.key, raw[:3])]
    for w in [*at.text_input, *at.text_area]:
        actions += [("text", w.key, text) for text in HOSTILE_TEXT]
    for w in at.toggle:
        actions += [("toggle", w.key, True), ("toggle", w.key, False)]
    for editor in at.data_editor:
        actions += [("cell", editor.key, text) for text in CELL_TEXT]
    for w in at.button:
        actions.append(("button", w.key, None))
    for w in at.get("file_uploader"):
        actions += [("upload", w.key, upload) for upload in BAD_UPLOADS]
    return [action for action in actions if action[1] is not None]


def _apply(at, kind: str, key, value) -> None:
    """One action, as a student would do it; a widget that is gone is skipped."""
    try:
        if kind == "number":
            at.number_input(key=key).set_value(value)
        elif kind == "slider":
            at.slider(key=key).set_value(value)
        elif kind == "select_slider":
            at.select_slider(key=key).set_value(value)
        elif kind == "selectbox":
            at.selectbox(key=key).set_value(value)
        elif kind == "button_group":
            at.button_group(key=key).set_value(value)
        elif kind == "multiselect":
            at.multiselect(key=key).set_value(value)
        elif kind == "text":
            widgets = [w for w in [*at.text_input, *at.text_area] if w.key == key]
            if not widgets:
                return
            widgets[0].input(value)
        elif kind == "toggle":
            at.toggle(key=key).set_value(value)
        elif kind == "cell":
            editor = next((e for e in at.data_editor if e.key == key), None)
            if editor is None:
                return
            at.session_state[key] = {"edited_rows": {0: {"0": value}}, "added_rows": [],
                                     "deleted_rows": []}  # fmt: skip
        elif kind == "button":
            at.button(key=key).click()
        elif kind == "upload":
            uploader = next((w for w in at.get("file_uploader") if w.key == key), None)
            if uploader is None:
                return
            uploader.set_value([(*value, "image/png")])
    except KeyError:
        return  # the widget is not on the page any more (another action removed it)
    at.run()


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p or "home")
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("classroom", [False, True], ids=["normal", "classroom"])
def test_hostile_links_open_clean(page, lang, classroom):
    for seed in range(3):
        at = open_page(page, query=_hostile_query(seed), lang=lang, classroom=classroom)
        _check(at, f"{page} {lang} classroom={classroom} link seed {seed}")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p or "home")
def test_every_widget_at_its_extremes_and_with_hostile_text(page):
    at = open_page(page)
    for kind, key, value in _actions(at):
        _apply(at, kind, key, value)
        _check(at, f"{page}: {kind} {key} = {str(value)[:40]!r}")


@pytest.mark.parametrize("prefix", ["edge", "ch"])
def test_every_upload_under_a_hostile_name(prefix):
    page = "lessons/edge_detection.py" if prefix == "edge" else "lessons/channels.py"
    at = open_page(page, query={f"{prefix}_source": "upload"})
    assert at.get("file_uploader")
    for name, data in BAD_UPLOADS:
        _apply(at, "upload", f"{prefix}_upload", (name, data))
        _check(at, f"{page}: upload {name[:40]!r} of {len(data)} bytes")
        if len(data) > 100:  # a picture: its name is quoted as code, on one line, cut short
            quoted = f"`{shown(name, MAX_NAME_CHARS)}`"
            assert any(quoted in text for text in markdown_texts(at)), quoted


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p or "home")
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("classroom", [False, True], ids=["normal", "classroom"])
def test_a_random_sequence_of_actions(page, lang, classroom):
    rng = random.Random(f"{page}-{lang}-{classroom}")
    at = open_page(page, lang=lang, classroom=classroom)
    deadline = time.monotonic() + SECONDS_PER_PAGE
    for step in range(SEQUENCE_STEPS):
        actions = _actions(at)
        if not actions or time.monotonic() > deadline:
            break
        kind, key, value = rng.choice(actions)
        _apply(at, kind, key, value)
        _check(at, f"{page} {lang} step {step}: {kind} {key} = {str(value)[:40]!r}")
