"""Issue 24: a link is read up to a bounded number of parameters and characters, in one
rewrite; what comes after is dropped unread, and the page says so in its one line."""

from __future__ import annotations

from app_driver import DASHBOARD, TIMEOUT, url_writes
from forged_values import markup_from_input
from streamlit.testing.v1 import AppTest

from ui.url_params import MAX_LINK_CHARS, MAX_PARAMS, PARAMS

LAB = "lessons/cross_correlation.py"


def _open(query: dict[str, str], monkeypatch) -> tuple[AppTest, list[str]]:
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    at.query_params.update(query)
    at.switch_page(LAB)
    writes = url_writes(monkeypatch)
    at.run()
    return at, writes


def test_a_link_of_too_many_characters_is_read_up_to_the_cap_and_rewritten_once(monkeypatch):
    query = {"padding": "2"}
    query |= {f"junk{n:02d}_" + "x" * 990: "1" for n in range(40)}
    query["stride"] = "3"  # a good parameter, but past the cap: not even looked at
    assert len(query) < MAX_PARAMS
    assert sum(len(name) + len(value) for name, value in query.items()) > 2 * MAX_LINK_CHARS
    at, writes = _open(query, monkeypatch)
    assert not at.exception
    assert writes == ["from_dict"]
    assert dict(at.query_params) == {"padding": "2"}
    assert at.number_input(key="padding").value == 2
    assert at.number_input(key="stride").value == PARAMS["stride"].default
    line = at.warning[0].value
    assert "\n" not in line
    assert f"and {len(query) - 1 - 6} more" in line  # all but padding: 6 named, the rest counted
    assert len(line) < 1000


def test_one_huge_value_is_dropped_without_being_read(monkeypatch):
    # (Streamlit itself ignores a query string of more than 512 kB.)
    at, writes = _open({"padding": "1", "X": "1," * 20_000}, monkeypatch)
    assert not at.exception
    assert writes == ["from_dict"]
    assert dict(at.query_params) == {"padding": "1"}  # X is past the cap: dropped unread
    assert at.data_editor[0].value.shape == PARAMS["X"].default.shape
    assert at.warning[0].value == "This link had settings that could not be used: " + (
        "1 not read, the link being too long."
    )


def test_markdown_in_a_links_names_and_values_stays_text(monkeypatch):
    query = {
        "[x](https://evil.example)": "1",
        "\n\n# PWNED heading": "1",
        "X": "1,[x](https://evil.example)",
        "K": "1,\n\n# PWNED heading",
        "edge_sample": "<b>pwned html</b>",
    }
    at, _ = _open(query, monkeypatch)
    assert not at.exception
    assert markup_from_input(at) == []
    assert "evil.example" in at.warning[0].value  # said, as text
