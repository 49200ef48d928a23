"""Arabic text for wkhtmltopdf built on unpatched Qt (Debian's).

Its WebKit shapes Arabic correctly but mis-measures a text run as soon as it mixes Arabic
letters with punctuation or digits, and does not wrap long right-to-left lines: words
overlap or leave the label. Each run of Arabic letters, of digits/Latin characters and each
punctuation mark measures correctly on its own, so labels print Arabic as a sequence of
inline blocks, one per run, grouped by word (the paragraph stays ``dir="rtl"`` and wraps
between words).
"""

import re

_ARABIC = "\u0621-\u063a\u0640-\u065f\u066e-\u06d3\u06d5\u0670\u06fa-\u06fc"
_RUNS = re.compile(f"[{_ARABIC}]+|[0-9A-Za-z\u0660-\u0669\u06f0-\u06f9.,/%+-]+|.", re.S)


def runs(text):
    """Words of ``text``, each split into runs that wkhtmltopdf measures correctly."""
    return [_RUNS.findall(word) for word in (text or "").split()]


def has_arabic(text):
    return bool(re.search(f"[{_ARABIC}]", text or ""))
