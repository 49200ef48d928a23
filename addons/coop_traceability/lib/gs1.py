"""GS1 identifiers: GTIN check digits, GS1 Digital Link URLs, human-readable element strings
and the cooperative lot numbers ``<COOPCODE>-<YYMMDD>-<n>``."""

import re
from urllib.parse import quote, unquote, urlsplit

from odoo.tools.barcode import get_barcode_check_digit

GTIN_LENGTHS = (8, 12, 13, 14)
FNC1 = "\x1d"
# (AI)value pairs of a human-readable GS1 element string, e.g. "(01)0611...(10)TAO-1".
_HUMAN_READABLE_RE = re.compile(r"\((\d{2,4})\)([^()]*)")
_DIGITAL_LINK_RE = re.compile(r"/01/(\d{8,14})/10/([^/?#]+)")


def check_digit(digits):
    """GS1 check digit (mod 10) of ``digits``, the identifier *without* its check digit."""
    # Odoo's own computation expects a placeholder in the check digit's position.
    return get_barcode_check_digit(digits + "0")


def is_valid_gtin(code):
    """True for a GTIN-8/12/13/14 made of digits with a correct check digit."""
    return (
        isinstance(code, str)
        and code.isdigit()
        and len(code) in GTIN_LENGTHS
        and check_digit(code[:-1]) == int(code[-1])
    )


def to_gtin14(code):
    """The 14-digit form of a valid GTIN (zero-padded on the left), else None."""
    code = (code or "").strip()
    return code.zfill(14) if is_valid_gtin(code) else None


def gtin_candidates(gtin14):
    """Every stored form a product barcode may take for this GTIN-14 (14, 13, 12, 8 digits)."""
    candidates = [gtin14]
    for length in (13, 12, 8):
        prefix, short = gtin14[: 14 - length], gtin14[14 - length :]
        if set(prefix) <= {"0"}:
            candidates.append(short)
    return candidates


def digital_link_path(gtin14, lot_name):
    """Path of the GS1 Digital Link URI of a lot: ``/01/<GTIN-14>/10/<lot>``."""
    return f"/01/{gtin14}/10/{quote(lot_name, safe='')}"


def lot_fits_digital_link(lot_name):
    """Lot names that survive a URL path segment (GS1 AI 10 is at most 20 characters);
    browsers resolve the segments "." and "..", even percent-encoded."""
    return (
        bool(lot_name)
        and "/" not in lot_name
        and lot_name not in (".", "..")
        and len(lot_name) <= 20
    )


def parse_digital_link(url):
    """(gtin14, lot) of a GS1 Digital Link URL (absolute or path), else None."""
    path = urlsplit(url).path if "://" in url else url
    match = _DIGITAL_LINK_RE.search(path)
    if not match:
        return None
    gtin14 = to_gtin14(match.group(1))
    if not gtin14:
        return None
    return gtin14, unquote(match.group(2))


def human_readable_to_raw(text, separator=FNC1):
    """Turn ``(01)0611...(10)LOT(17)270101`` into the raw form a scanner sends.

    Each element is followed by the FNC1 separator, which the GS1 nomenclature accepts after
    fixed-length elements as well; text that is not in human-readable form is returned
    unchanged (stripped).
    """
    text = (text or "").strip()
    if not text.startswith("("):
        return text
    parts = _HUMAN_READABLE_RE.findall(text)
    if not parts or "".join(f"({ai}){value}" for ai, value in parts) != text:
        return text
    return separator.join(ai + value for ai, value in parts)


def element_string(
    gtin14,
    lot_name=None,
    production_date=None,
    expiry_date=None,
    best_before_date=None,
    human_readable=False,
):
    """GS1 element string of a lot: (01) GTIN, (11) production, (15) best before,
    (17) expiry, then (10) lot last (variable length, so no separator is needed after it)."""
    elements = [("01", gtin14)]
    for ai, day in (("11", production_date), ("15", best_before_date), ("17", expiry_date)):
        if day:
            elements.append((ai, day.strftime("%y%m%d")))
    if lot_name:
        elements.append(("10", lot_name))
    if human_readable:
        return "".join(f"({ai}){value}" for ai, value in elements)
    return "".join(ai + value for ai, value in elements)


def coop_lot_name(coop_code, day, number):
    """Default lot number of a cooperative: ``<COOPCODE>-<YYMMDD>-<n>``."""
    return f"{coop_code}-{day.strftime('%y%m%d')}-{number}"
