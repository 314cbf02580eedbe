"""What a hand-made client can send (issue 24), and how a test finds Markdown from it on a page."""

from __future__ import annotations

import json
import re

from streamlit.elements.widgets.data_editor import DataEditorSerde
from streamlit.testing.v1 import AppTest

# Markdown and HTML a student could put in a link, a cell or a file's name: each carries a
# mark (evil.example, PWNED, pwned) that none of the dashboard's own texts holds.
LINK = "[x](https://evil.example)"
HEADING = "\n\n# PWNED heading"
HTML = "<b>pwned html</b>"
MARKUP = [LINK, HEADING, HTML, f"{LINK}{HEADING} {HTML}"]

CODE_SPAN = re.compile(r"`[^`\n]*`")
_RENDERED = [
    ("a link", re.compile(r"\]\(\s*<?(https?:)?//evil\.example")),
    ("a bare link", re.compile(r"https?://evil\.example")),
    ("a heading", re.compile(r"^\s{0,3}#{1,6}\s+PWNED", re.MULTILINE)),
    ("HTML", re.compile(r"<b>\s*pwned", re.IGNORECASE)),
]
# Elements whose text Streamlit renders as Markdown.
MARKDOWN_KINDS = (
    "title", "header", "subheader", "markdown", "caption", "error", "warning", "info",
    "success", "toast",
)  # fmt: skip


def markdown_texts(at: AppTest) -> list[str]:
    """Every text on the page that Streamlit renders as Markdown, image captions included."""
    texts = [str(element.value) for kind in MARKDOWN_KINDS for element in at.get(kind)]
    for image in at.get("image"):
        texts += [img.caption for img in image.proto.imgs if img.caption]
    return texts


def markup_from_input(at: AppTest) -> list[str]:
    """The links, headings and HTML from the payloads above that a page would render: what
    is left of each Markdown text once its code spans (plain text) are taken out."""
    found = []
    for text in markdown_texts(at):
        outside = CODE_SPAN.sub("", text)
        found += [
            f"{what}: {text[:120]!r}" for what, pattern in _RENDERED if pattern.search(outside)
        ]
    return found


def editor_message(edited_rows=None, added_rows=(), deleted_rows=(), **other) -> str:
    """A data editor's value as a websocket message carries it (JSON text), whatever the
    browser's limits would have allowed."""
    return json.dumps({"edited_rows": edited_rows or {}, "added_rows": list(added_rows),
                       "deleted_rows": list(deleted_rows), **other})  # fmt: skip


def editor_state(*args, **kwargs) -> dict:
    """The same value as the server decodes it (row positions as numbers)."""
    return DataEditorSerde().deserialize(editor_message(*args, **kwargs))


ROW = {"0": "1", "1": "1", "2": "1"}
FORGED_MESSAGES = {
    "3000 rows added": editor_message(added_rows=[ROW] * 3000),
    "a cell at row 5000": editor_message({"5000": {"0": "1"}}),
    "a cell at column 99": editor_message({"0": {"99": "1"}}),
    "row -1": editor_message({"-1": {"0": "1"}}),
    "rows deleted": editor_message(deleted_rows=[0, 1]),
    "10 000 edited rows": editor_message({str(r): {"0": "1"} for r in range(10_000)}),
    "10 000 characters in a cell": editor_message({"0": {"0": "1" * 10_000}}),
    "a list in a cell": editor_message({"0": {"0": [1, 2, 3]}}),
    "a 400-digit number": editor_message({"0": {"0": 10**400}}),
    "an index edit": editor_message({"0": {"_index": 7}}),
    "a field of its own": editor_message(evil=1),
}
FORGED_EDITS = {
    case: DataEditorSerde().deserialize(message) for case, message in FORGED_MESSAGES.items()
}
# The three every editor gets; the lab's X gets all of them.
EVERY_EDITOR = ("3000 rows added", "a cell at row 5000", "10 000 characters in a cell")
