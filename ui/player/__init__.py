"""The player: a run computed once on the server and played in the browser (play, pause,
step, scrub, speed), with no server round trip per frame.

The browser half is `panels.js`, `player.js` and `player.css` beside this file, plain files
shipped with the repository (no CDN: classrooms can be offline), mounted as a Streamlit
components v2 component.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from ui.component_data import packed
from ui.i18n import t
from ui.shell import figure_font_size

_HERE = Path(__file__).parent
# The player's words, ui/locales/<lang>/shell.toml [player]: its buttons, the speed, a heatmap's
# spoken name, and the keys it takes.
_TEXTS = ("play", "pause", "back", "forward", "first", "last", "speed", "matrix", "keys")
_PLAYER = st.components.v2.component(
    "convlab.player",
    # Two plain files, one module: the panels first, then the player that uses them.
    js="\n".join((_HERE / name).read_text(encoding="utf-8") for name in ("panels.js", "player.js")),
    css=(_HERE / "player.css").read_text(encoding="utf-8"),
)


def player(
    *,
    key: str,
    frames: int,
    panels: list[dict[str, Any]],
    speeds: tuple[float, ...],
    speed: float,
    counter: str,
    counter_offset: int = 0,
    notes: list[dict[str, Any]] | None = None,
    start: int = 0,
) -> None:
    """Mount the player over `frames` frames; `counter` is the text under the buttons, with
    `{n}` and `{total}`. Panels are the dictionaries player.js documents."""
    _PLAYER(
        key=key,
        data=packed(
            {
                "frames": frames,
                "panels": panels,
                "speeds": list(speeds),
                "speed": speed,
                "start": start,
                "counter_offset": counter_offset,
                "notes": notes or [],
                "font_px": figure_font_size(),
                "texts": {name: t(f"player.{name}") for name in _TEXTS} | {"counter": counter},
            }
        ),
        height="content",
    )
