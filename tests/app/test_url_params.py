"""Links are user input: every URL parameter is read by ui.url_params against its type and
range; nothing reaches a page as a traceback, and links hold names, not labels."""

from __future__ import annotations

import re

import pytest
import torch
from app_driver import DASHBOARD, LAB, TIMEOUT, all_text, open_page, url_writes
from streamlit.testing.v1 import AppTest

from ui.i18n import MISSING
from ui.url_params import MAX_PARAMS, PARAMS, Param, read_value

EDGE = "lessons/edge_detection.py"
LEARN = "lessons/learn_kernel.py"
ONE_D_THREE_D = "lessons/dimensions_1d_3d.py"
FC = "lessons/fc_to_conv.py"
MISSING_MARK = MISSING.split("{")[0]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3", ("3", None)),
        ("04", ("4", None)),
        ("２", ("2", None)),  # full-width digits, from a Chinese keyboard
        ("99", ("5", "clamped")),
        ("-3", ("0", "clamped")),
        ("1e30", ("5", "clamped")),
        ("2.5", (None, "not_whole")),
        ("inf", (None, "not_finite")),
        ("nan", (None, "not_finite")),
        ("1e309", (None, "not_finite")),
        ("abc", (None, "not_number")),
        ("", (None, "empty")),
        ("   ", (None, "empty")),
        ("1" * 5000, (None, "too_long")),
    ],
)
def test_a_whole_number_is_read_clamped_or_refused(raw, expected):
    assert read_value(Param("int", 0, 0, 5), raw) == expected


def test_choices_are_read_by_name_or_by_either_languages_label():
    lang = PARAMS["lang"]
    assert read_value(lang, "zh") == ("zh", None)
    assert read_value(lang, "中文") == ("zh", None)  # old links wrote the label
    assert read_value(lang, "English") == ("en", None)
    assert read_value(lang, "klingon") == (None, "not_option")
    source = PARAMS["edge_source"]
    assert read_value(source, "上传") == ("upload", None)
    assert read_value(source, "Upload") == ("upload", None)
    assert read_value(PARAMS["edge_sample"], "Rings") == ("rings", None)
    assert read_value(PARAMS["lr"], "0.03") == ("0.03", None)
    assert read_value(PARAMS["lr"], "0.031") == ("0.03", "rounded")
    assert read_value(PARAMS["lr"], "-1") == (None, "not_option")
    assert read_value(PARAMS["classroom"], "TRUE") == ("true", None)
    assert read_value(PARAMS["classroom"], "yes") == (None, "not_bool")


@pytest.mark.parametrize(
    ("page", "query"),
    [
        (LAB, {"padding": "inf"}),
        (LAB, {"padding": "1e999", "stride": "abc"}),
        (LAB, {"stride": "inf", "lang": "xx", "classroom": "yes"}),
        (LAB, {"X": "1,2;3", "K": "a,b"}),
        (ONE_D_THREE_D, {"d1_padding": "inf", "d1_stride": "inf", "d3_padding": "inf"}),
        (FC, {"fc_channels": "inf", "fc_height": "inf", "fc_delta": "1e309"}),
        (LEARN, {"seed": "inf", "lr": "inf"}),
        (EDGE, {"edge_display": ""}),
        (EDGE, {"edge_display": "<script>alert(1)</script>", "edge_kernel": "nope"}),
    ],
)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_links_of_issue_10_open_clean_and_say_what_was_wrong(page, query, lang):
    at = open_page(page, query=query, lang=lang)
    assert not at.exception
    assert MISSING_MARK not in all_text(at)
    line = at.warning[0].value
    for name in query:
        assert name in line
    assert "<script>" not in line
    for name in query:  # the link is put right: the bad value is gone from the URL
        assert at.query_params.get(name, "") != query[name] or query[name] == ""


def test_a_large_but_legal_number_is_clamped_to_the_widgets_limit():
    at = open_page(LAB, query={"padding": "99", "seed": "12"})
    assert at.number_input(key="padding").value == 5
    assert "`padding` (kept within 0–5: 5)" in at.warning[0].value
    assert "`seed` (not a setting" not in at.warning[0].value  # seed is a setting, elsewhere
    assert at.query_params["padding"] == "5"
    assert at.query_params["seed"] == "12"


def test_an_unknown_parameter_is_named_and_ignored():
    at = open_page(LAB, query={"no_such": "1"})
    assert not at.exception
    assert "`no_such` (not a setting of this dashboard, ignored)" in at.warning[0].value
    assert "no_such" not in at.query_params
    at.run()  # a rerun: the link was put right, the line stays while the page is shown
    assert at.warning


def test_a_link_made_in_chinese_opens_the_same_screen_in_english():
    at = open_page(EDGE, lang="zh")
    at.segmented_control(key="edge_source").set_value("sample").run()
    at.selectbox(key="edge_sample").set_value("rings").run()
    at.selectbox(key="edge_kernel").set_value("sobel_y").run()
    at.segmented_control(key="edge_display").set_value("absolute").run()
    link = {name: at.query_params[name] for name in at.query_params}
    assert link["edge_sample"] == "rings"  # names, not 环形 / Rings
    assert link["edge_kernel"] == "sobel_y"
    assert link["edge_display"] == "absolute"
    assert link["lang"] == "zh"
    link["lang"] = "en"
    english = open_page(EDGE, query=link)
    assert english.title[0].value == "Edge detection"
    assert english.selectbox(key="edge_sample").value == "rings"
    assert english.selectbox(key="edge_kernel").value == "sobel_y"
    assert english.segmented_control(key="edge_display").value == "absolute"
    assert not english.warning


def test_old_links_with_labels_still_open():
    at = open_page(EDGE, query={"lang": "中文", "edge_source": "上传", "edge_sample": "Rings"})
    assert at.title[0].value == "图像中目标的边缘检测"
    assert at.segmented_control(key="edge_source").value == "upload"
    assert not at.warning


def test_a_huge_hand_made_kernel_is_a_message_beside_the_editor_not_a_traceback():
    at = open_page(EDGE)
    at.selectbox(key="edge_kernel").set_value("custom").run()
    editor = next(e for e in at.data_editor if e.key.startswith("edge_K_editor_"))
    edits = {r: {str(c): "1e38" for c in range(3)} for r in range(3)}
    at.session_state[editor.key] = {"edited_rows": edits, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    assert any("too large for float32" in e.value for e in at.error)


@pytest.mark.parametrize(
    ("name", "raw", "value"),
    [
        ("padding", "3", 3),
        ("lr", "0.035", 0.035),
        ("classroom", "true", True),
        ("edge_sample", "rings", "rings"),
        ("K", "0,1;2,3", torch.tensor([[0.0, 1.0], [2.0, 3.0]])),
    ],
)
def test_a_checked_value_and_its_url_text_are_one_round_trip(name, raw, value):
    spec = PARAMS[name]
    assert read_value(spec, raw, name) == (raw, None)
    got = spec.value(raw, name)
    if isinstance(value, torch.Tensor):
        torch.testing.assert_close(got, value)
    else:
        assert got == value
        assert type(got) is type(value)
    assert spec.text(got) == raw


def test_a_matrix_is_read_within_its_pages_limits():
    X = PARAMS["X"]
    assert read_value(X, "1,2;3,4", "X") == ("1,2;3,4", None)
    for bad in ("1,2;3", "a,b", "nan", ";;;", ",".join(["1"] * 17)):
        kept, reason = read_value(X, bad, "X")
        assert kept is None, bad
        assert isinstance(reason, ValueError), bad


CODE_SPAN = re.compile(r"`[^`\n]*`")
HOSTILE_NAMES = [
    "[Answer key](https://evil.example)",
    "\n\n# heading",
    "**bold** `tick` <b>x</b>",
    "www.evil.example :red[x] $x^2$",
    "\u202eevil",
    "y" * 500,
]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_parameters_name_is_shown_as_text_not_markdown(lang):
    at = open_page(LAB, query=dict.fromkeys(HOSTILE_NAMES, "1"), lang=lang)
    assert not at.exception
    line = at.warning[0].value
    assert "\n" not in line
    assert "`[Answer key](https://evil.example)`" in line
    assert "`# heading`" in line
    assert "`**bold** 'tick' <b>x</b>`" in line
    assert "`" + "y" * 39 + "…`" in line
    outside = CODE_SPAN.sub("", line)  # what Markdown reads: the page's own words only
    for mark in ("[", "](", "#", "*", "<", "http", "www", "$", ":red"):
        assert mark not in outside, mark
    assert not set(HOSTILE_NAMES) & set(at.query_params)


def test_a_link_with_a_thousand_parameters_is_read_up_to_a_cap_and_rewritten_once(
    monkeypatch,
):
    query = {"padding": "2", "stride": "oops"}
    query |= {f"junk{n}": "1" for n in range(990)}  # Streamlit ignores > 1000
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    at.query_params.update(query)
    at.switch_page(LAB)
    writes = url_writes(monkeypatch)
    at.run()
    assert not at.exception
    assert writes == ["from_dict"]
    assert dict(at.query_params) == {"padding": "2"}
    assert at.number_input(key="padding").value == 2
    line = at.warning[0].value
    assert "`stride` (not a number, default used)" in line
    assert f"and {len(query) - 1 - 6} more" in line  # all but padding; 6 named, the rest counted
    assert len(line) < 1000
    assert len(query) > MAX_PARAMS


def test_classroom_mode_and_the_language_come_from_the_link():
    at = open_page(LAB, query={"classroom": "TRUE", "lang": "中文"})
    assert at.toggle(key="classroom").value is True
    assert at.title[0].value == "互相关实验室"
    assert dict(at.query_params) == {"classroom": "true", "lang": "zh"}
    at.toggle(key="classroom").set_value(False).run()
    assert "classroom" not in at.query_params  # off is the default: a clean link


def test_a_change_of_language_keeps_every_setting_the_url_holds():
    at = open_page(FC, query={"fc_dense": "true", "fc_kernel": "5"})
    opened = [e.label for e in at.expander if e.proto.expanded]
    assert opened[0] == "**A convolution is a weight-shared fully connected layer**"
    at.segmented_control(key="lang").set_value("zh").run()
    assert not at.exception
    assert next(e.label for e in at.expander if e.proto.expanded) == "**卷积是权重共享的全连接层**"
    assert at.number_input(key="fc_kernel").value == 5
    assert dict(at.query_params) == {"fc_dense": "true", "fc_kernel": "5", "lang": "zh"}
    learn = open_page(LEARN, query={"optimizer": "adam", "seed": "7", "lr": "0.01"}, lang="zh")
    assert learn.segmented_control(key="optimizer").value == "adam"
    assert learn.number_input(key="seed").value == 7
    assert learn.select_slider(key="lr").value == 0.01
    assert dict(learn.query_params) == {"optimizer": "adam", "seed": "7", "lr": "0.01",
                                        "lang": "zh"}  # fmt: skip


def _leave_by_the_sidebar_and_come_back(at: AppTest, page: str) -> None:
    """A sidebar link: the other page's URL, without the parameters (a few runs there), then
    back the same way."""
    for to in ("lessons/home.py", "lessons/home.py", "lessons/padding_stride.py", page):
        at.query_params.clear()
        at.switch_page(to).run()
        assert not at.exception


@pytest.mark.parametrize(
    ("page", "choices"),
    [
        ("lessons/channels.py", {"ch_kernel": "only_red", "ch_padding": 2}),
        (LAB, {"padding": 2, "stride": 2}),
    ],
)
def test_a_page_left_by_the_sidebar_and_opened_again_keeps_its_choices(page, choices):
    at = open_page(page)
    for key, value in choices.items():
        widget = next(w for w in at.main if getattr(w, "key", None) == key)
        widget.set_value(value).run()
    _leave_by_the_sidebar_and_come_back(at, page)
    for key, value in choices.items():
        assert at.session_state[key] == value
        assert next(w for w in at.main if getattr(w, "key", None) == key).value == value
        assert at.query_params[key] == str(value)  # and the page's link says so again


def test_an_old_link_opened_again_gets_its_defaults_not_the_values_last_left():
    """Back to an older entry of the browser's history: its parameters, and for the rest the
    defaults (a learning rate that depends on the target), not what the student left."""
    from ui.learn_settings import default_lr

    at = open_page("lessons/learn_kernel.py")
    target = at.session_state["target"]
    at.query_params.clear()
    at.switch_page("lessons/home.py").run()  # left by the sidebar: the page's values held
    other = next(
        name for name in PARAMS["target"].options if default_lr(name) != default_lr(target)
    )
    at.query_params.clear()
    at.query_params["target"] = other  # the older entry's link
    at.switch_page("lessons/learn_kernel.py").run()
    assert not at.exception
    assert at.session_state["target"] == other
    assert at.session_state["lr"] == default_lr(other)
