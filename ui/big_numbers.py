"""Large counts as a reader says them: 3.6 billion in English, 36 亿 in Chinese."""

from __future__ import annotations

# Chinese groups by 10⁴ (万) and 10⁸ (亿), English by 10³: 3.6e9 is "3.6 billion" but "36 亿".
_SCALES = {
    "en": ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (10**3, "thousand")),
    "zh": ((10**12, "万亿"), (10**8, "亿"), (10**4, "万")),
}


def in_words(n: int, lang: str) -> str:
    """`n` with its largest fitting unit and three significant digits; small numbers exactly."""
    for scale, unit in _SCALES.get(lang, _SCALES["en"]):
        if n >= scale:
            number = f"{n / scale:.3g}"
            if "e" in number:  # 3600 万, 1,000,000 trillion: too many digits for 3 significant
                number = f"{round(n / scale):,}" if lang == "en" else str(round(n / scale))
            return f"{number} {unit}"
    return f"{n:,}"


def with_commas(n: int) -> str:
    """3600000000 -> 3,600,000,000."""
    return f"{n:,}"
