"""What corr2d's "auto" chose, in the student's language."""

from conv_core import MethodChoice
from ui.i18n import t


def method_words(choice: MethodChoice) -> str:
    """`separable, rank 2` / `shift-and-add` / … as the edge page writes it."""
    if choice.method == "separable":
        return t("edge_detection.how_separable", rank=choice.rank)
    return t(f"edge_detection.how_{choice.method}")
