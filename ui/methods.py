"""What corr2d's "auto" chose, in the student's language."""

from conv_core import MethodChoice
from ui.i18n import t


def method_words(choice: MethodChoice) -> str:
    """`blocks as conv channels` / `FFT` as the edge page writes it."""
    return t(f"edge_detection.how_{choice.method}")
