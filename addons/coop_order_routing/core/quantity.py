"""Quantities as people write them (pure Python)."""

import math


def qty_text(qty, rounding, decimal_point="."):
    """``qty`` to ``rounding`` (a unit's rounding, e.g. 0.01), half away from zero, without
    trailing zeros: "20", "2.5", not "20.0" as a Python float prints; with the language's
    ``decimal_point`` ("2,5" in French)."""
    rounding = rounding or 0.01
    digits = max(0, -math.floor(math.log10(rounding)))
    # a tiny tolerance absorbs float noise (0.1 + 0.2 is 0.30000000000000004)
    steps = math.floor(abs(qty) / rounding + 0.5 + 1e-9)
    text = f"{steps * rounding:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".").replace(".", decimal_point)
    return f"-{text}" if qty < 0 and steps else text


def shown_digits(qty, rounding):
    """The decimals ``qty`` needs to ``rounding``, as ``qty_text`` writes it: 0 for 20.0
    (whole units show no decimals), 1 for 2.5, 2 for 2.25 (to format it with grouping)."""
    return len(qty_text(qty, rounding).partition(".")[2])


def is_whole_steps(qty, rounding):
    """Whether ``qty`` is a whole number of steps of ``rounding`` (a unit's rounding): 2.5
    is not, of a unit counted whole (rounding 1); 2.5 kg to the gram (0.001) is."""
    steps = qty / (rounding or 0.01)
    # a tiny tolerance absorbs float noise (0.3 / 0.1 is 2.9999999999999996)
    return abs(steps - round(steps)) <= 1e-6 + abs(steps) * 1e-12
