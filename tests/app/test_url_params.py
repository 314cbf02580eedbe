"""Links are user input: every URL parameter is read by ui.url_params against its type and
range; nothing reaches a page as a traceback, and links hold names, not labels."""

from __future__ import annotations

import subprocess
import sys

import pytest
from app_driver import LAB, ROOT, all_text, open_page

from ui.i18n import MISSING
from ui.url_params import PARAMS, Param, read_value

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
        (LAB, {"stride": "inf"}),
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
    assert "padding (kept within 0–5: 5)" in at.warning[0].value
    assert "seed (not a setting" not in at.warning[0].value  # seed is a setting, elsewhere


def test_an_unknown_parameter_is_named_and_ignored():
    at = open_page(LAB, query={"no_such": "1"})
    assert not at.exception
    assert "no_such (not a setting of this dashboard, ignored)" in at.warning[0].value
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


_FIRST_VISIT = """
import sys, threading
sys.path.insert(0, "tests/app")
from app_driver import open_page

asked = []
start = threading.Thread.start


def watch(thread):  # the router's background import is noted, not run
    if thread.name == "import conv_core":
        asked.append("torch" in sys.modules)
    else:
        start(thread)


threading.Thread.start = watch
at = open_page()
assert not at.exception, at.exception
assert at.title[0].value == "Conv Lab", at.title[0].value
print("torch" in sys.modules, asked)
"""


def test_a_servers_first_visit_to_the_home_page_does_not_wait_for_torch():
    """The router reads a link without lesson parameters from the shell's own table, so the
    server's first page is drawn before torch is imported (~1 s); then it asks for
    conv_core's import on a thread of its own, for the first lesson page."""
    ran = subprocess.run(
        [sys.executable, "-c", _FIRST_VISIT], capture_output=True, text=True, timeout=120,
        cwd=ROOT, check=False,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert ran.stdout.split("\n")[-2] == "False [False]"


def test_the_lessons_parameters_are_built_when_first_asked_for():
    ran = subprocess.run(
        [sys.executable, "-c", "import sys; import ui.url_params as u; "
         "print(u.spec_of('lang').default, 'torch' in sys.modules, "
         "u.spec_of('edge_kernel').default, 'torch' in sys.modules, u.spec_of('nope'))"],
        capture_output=True, text=True, timeout=120, cwd=ROOT, check=True,
    )  # fmt: skip
    assert ran.stdout.split() == ["en", "False", "edge_1x2", "True", "None"]
    assert set(PARAMS) >= {"lang", "classroom", "edge_kernel", "ch_mixing"}
