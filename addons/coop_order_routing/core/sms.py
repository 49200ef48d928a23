"""SMS replies of cooperative managers and the text of outgoing messages (pure Python).

A reply accepts or refuses a purchase order identified by its short code: ``OK 482193``,
``non 482193``, ``نعم ٤٨٢١٩٣``, ``رفض 482193``... Case, spaces, punctuation, Arabic diacritics
and Arabic-Indic digits are tolerated. The code may be left out when the sender has exactly
one order waiting for an answer (the ORM layer decides). A number after the code of an
acceptance is the quantity accepted (``OK 482193 3``: partial acceptance of a one-line
order); a sign or dash before it, spaced or not (``OK 482193 -3``, ``OK 482193 - 3``), makes
it a quantity she cannot accept (negative, or a dash we cannot tell from a minus: she is
asked again).

What else she writes:

* Before the keyword, greetings alone (``GREETINGS``) are left out (``Salam OK 482193``,
  ``Bonjour, OK 482193``, ``السلام عليكم نعم 482193``); any other word or number there makes
  the reply *unclear* (``Reply.unclear``: she is asked again, nothing changes), since it may
  turn it around (``Pas OK 482193``, ``غير موافق 482193``, ``مش موافق``).
* The code comes right after the keyword (a second keyword of the same answer may come
  between them: ``OK oui 482193``): words between them make the reply unclear (``لا بأس
  482193``, "no problem", is no refusal), and so do words after a keyword with no code.
* The code may be written in groups of digits separated by spaces (``OK 482 193``,
  ``OK 48 21 93``): the groups are read as the code when the first alone is shorter than a
  code (``CODE_DIGITS``: it cannot be one, so the next group cannot be its quantity) and the
  groups together have exactly the digits of a code. Only the code is read this way: once
  it is read, a number in groups (``OK 482193 1 500``) is not joined.
* A refusal keeps whatever follows the code as she typed it (her reason), numbers included
  (``NON 482193 pas avant le 15``).
* An acceptance is the keyword, the code and a quantity, nothing else: anything after them
  makes it unclear, words that may change the quantity (``OK 482193 2 et demi``, ``نعم
  482193 2 ونص``, ``OK 482193 20 impossible``), words with no quantity before them (``OK
  482193 mais seulement 3``, ``OK 482193 merci``), a number not read (``OK 482193 1 500``), or a
  quantity whose separator may be a thousands one (``1.500``, ``1,500``: three digits after
  it; ``1,5`` or ``2.25`` are decimals). She is asked again rather than taken to accept all
  of it, or the wrong part.
* A yes and a no in the same message (``لا باس، نعم 482193``: "labas", fine, then yes) make
  it unclear whichever comes first.
"""

import re
import string
import unicodedata
from dataclasses import dataclass

ACCEPT = "accept"
REFUSE = "refuse"

# Normalised keywords (upper case Latin, Arabic without diacritics nor hamza on alef).
ACCEPT_WORDS = frozenset(
    {"OK", "OUI", "YES", "ACCEPT", "ACCEPTE", "نعم", "موافق", "موافقه", "اوافق"}
)
REFUSE_WORDS = frozenset({"NON", "NO", "REFUS", "REFUSE", "لا", "رفض", "ارفض", "مرفوض"})
# Greetings and politeness she may write before the keyword (French, Darija in Latin
# letters, Arabic), normalised: any other word there makes her reply unclear
GREETINGS = frozenset(
    (
        "SALAM SLM SALAMO ASSALAM ALIKOUM ALEIKOUM ALAYKOUM ALIKOM BONJOUR BONSOIR BJR SALUT "
        "SLT HELLO HI CC COUCOU SBAH MSA LKHIR LKHER NOUR MRHBA MARHABA AHLAN MERCI "
        "السلام عليكم سلام مرحبا اهلا صباح مساء الخير النور شكرا"
    ).split()
)

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "01234567890123456789.")
_ALEFS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
_TATWEEL = "\u0640"
# digits of the short code of a purchase order (see purchase.order._coop_new_codes)
CODE_DIGITS = 6
# a number whose separator may be a decimal or a thousands one: "1.500", "1,500"
_AMBIGUOUS_NUMBER = re.compile(r"[0-9]+[.,][0-9]{3}")
_TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)?|[^\W\d_]+", re.UNICODE)
# what separates the words she typed from the keyword, code and quantity around them
_SEPARATORS = string.whitespace + ",;:.-\u2013\u2014\u060c\u061b"


class ReplyError(ValueError):
    """The text is not a reply we understand; ``code`` says why (for a 4xx answer)."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Reply:
    action: str  # ACCEPT or REFUSE
    code: str | None  # short code of the purchase order, None if not given
    text: str = ""  # the rest of the message as she typed it (e.g. a reason for a refusal)
    qty: float | None = None  # quantity accepted (partial acceptance), None for all
    qty_signed: bool = False  # written after a sign or dash (+3, -3, - 3): not acceptable
    unclear: bool = False  # holds what we cannot read without guessing: she is asked again


def normalise(text):
    """Upper case, Western digits, no Arabic diacritics/tatweel, unified alef forms."""
    text = unicodedata.normalize("NFKC", text or "")
    text = text.translate(_DIGITS).translate(_ALEFS).replace(_TATWEEL, "")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return text.upper()


def _tokens(text):
    """Normalised tokens of ``text``, each with its ``(start, end)`` in ``text`` as typed.

    Each character is normalised with the combining marks that follow it, so that the
    tokens are those of ``normalise(text)``.
    """
    norm = []
    spans = []  # for each normalised character, the characters she typed for it
    start = 0
    for end in range(1, len(text) + 1):
        if end == len(text) or not unicodedata.combining(text[end]):
            piece = normalise(text[start:end])
            norm.append(piece)
            spans.extend([(start, end)] * len(piece))
            start = end
    return [
        (match.group(), spans[match.start()][0], spans[match.end() - 1][1])
        for match in _TOKEN.finditer("".join(norm))
    ]


def _signed(text, start):
    """Whether the number at ``start`` of ``text`` comes after a plus, minus or any dash,
    spaces between them or not (``-3``, ``- 3``, ``– 3``, ``+3``)."""
    before = text[:start].rstrip()
    if not before:
        return False
    sign = before[-1]
    plus_minus = unicodedata.normalize("NFKC", sign) in ("+", "\u2212")
    return plus_minus or unicodedata.category(sign) == "Pd"  # any dash: "-", "–", "—"...


def _rest(text, used, kept):
    """What she typed around the ``used`` spans (keyword, code, quantity), keeping the parts
    holding a ``kept`` span, trimmed of the separators next to a used span, whitespace
    collapsed."""
    bounds = [0, *(pos for span in used for pos in span), len(text)]
    parts = []
    for index in range(0, len(bounds), 2):
        start, end = bounds[index], bounds[index + 1]
        if any(start <= kept_start < end for kept_start, _end in kept):
            part = text[start:end]
            part = part.lstrip(_SEPARATORS) if index else part
            part = part.rstrip(_SEPARATORS) if index + 2 < len(bounds) else part
            parts.append(part)
    return " ".join(" ".join(parts).split())


def _join_code_groups(text, tokens):
    """``tokens`` with the first group of digits joined to the groups after it, spaces alone
    between them, when it is shorter than a code and they make exactly a code together
    (``482 193``, ``48 21 93``)."""
    # the first number of digits alone: the one read as the code
    first = next((index for index, (token, _s, _e) in enumerate(tokens) if token.isdigit()), None)
    if first is None or len(tokens[first][0]) >= CODE_DIGITS:
        return tokens
    digits, start, end = tokens[first]
    for last in range(first + 1, len(tokens)):
        token, token_start, token_end = tokens[last]
        if not token.isdigit() or not text[end:token_start].isspace():
            break
        digits, end = digits + token, token_end
        if len(digits) >= CODE_DIGITS:
            if len(digits) == CODE_DIGITS:
                return [*tokens[:first], (digits, start, end), *tokens[last + 1 :]]
            break
    return tokens


def parse_reply(text):
    """Parse an SMS reply; raise :class:`ReplyError` when it is not one (see the module's
    docstring for what she may write)."""
    text = text or ""
    tokens = _join_code_groups(text, _tokens(text))
    if not tokens:
        raise ReplyError("empty", "empty message")
    keywords = [
        index
        for index, (token, _s, _e) in enumerate(tokens)
        if token in ACCEPT_WORDS | REFUSE_WORDS
    ]
    if not keywords:
        if any(not token[0].isdigit() for token, _s, _e in tokens):
            raise ReplyError("unknown_keyword", f"no yes/no keyword in {text!r}")
        raise ReplyError("no_keyword", "no yes/no keyword")
    keyword = keywords[0]
    action = ACCEPT if tokens[keyword][0] in ACCEPT_WORDS else REFUSE
    # a yes and a no: whichever she meant, we would guess
    unclear = len({tokens[index][0] in ACCEPT_WORDS for index in keywords}) > 1
    # before the keyword, greetings alone: "pas OK", "غير موافق" say the opposite
    unclear = unclear or any(token not in GREETINGS for token, _s, _e in tokens[:keyword])
    same_words = ACCEPT_WORDS if action == ACCEPT else REFUSE_WORDS
    used = [tokens[keyword][1:]]
    after = tokens[keyword + 1 :]
    while after and after[0][0] in same_words:  # "OK oui 482193"
        used.append(after.pop(0)[1:])
    # the code right after the keyword: "لا بأس 482193" (no problem) is no refusal
    code = after[0][0] if after and after[0][0].isdigit() else None
    if code:
        used.append(after.pop(0)[1:])
    qty = None
    qty_signed = False
    if (
        action == ACCEPT
        and code
        and after
        and after[0][0][0].isdigit()
        and not _AMBIGUOUS_NUMBER.fullmatch(after[0][0])
    ):
        token, start, end = after.pop(0)
        qty = float(token.replace(",", "."))
        qty_signed = _signed(text, start)
        used.append((start, end))
    rest = [(start, end) for _token, start, end in after]
    # only a refusal with its code keeps words after it (her reason): after an acceptance's
    # quantity they may change it ("2 et demi", "20 impossible")
    unclear = unclear or bool(rest and not (action == REFUSE and code))
    return Reply(
        action=action,
        code=code,
        text=_rest(text, used, rest),
        qty=qty,
        qty_signed=qty_signed,
        unclear=unclear,
    )


# the GSM 7-bit default alphabet (GSM 03.38), as Odoo's SMS widget counts it: French
# accents such as é, è or à are in it, ç, ê or â are not
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# its extension table: each of these takes two of a message's septets
GSM7_EXTENDED = frozenset("^{}\\[~]|€")


# typographic characters with a GSM 7-bit look-alike: one of them (the apostrophe of
# "Huile d’argan", a no-break space before a French colon) would make the whole SMS UCS-2,
# 67 characters a part instead of 153, and product names would be left out of it
GSM7_LOOKALIKES = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "«": '"',
        "»": '"',
        "–": "-",
        "—": "-",
        "…": "...",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


def plain(text):
    """``text`` with its typographic characters replaced by their GSM 7-bit look-alikes."""
    return text.translate(GSM7_LOOKALIKES)


def is_gsm7(text):
    """Whether ``text`` is written in the GSM 7-bit alphabet (else the SMS is UCS-2)."""
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENDED for ch in text)


def sms_length(text):
    """Length of ``text`` in the units of its alphabet: septets in GSM 7-bit (an extension
    character takes two), UTF-16 code units in UCS-2 (an emoji takes two)."""
    if is_gsm7(text):
        return len(text) + sum(ch in GSM7_EXTENDED for ch in text)
    return len(text.encode("utf-16-le")) // 2


def max_length(text, parts=2):
    """Units (see ``sms_length``) allowed in ``parts`` concatenated SMS for this alphabet."""
    return (153 if is_gsm7(text) else 67) * parts if parts > 1 else (160 if is_gsm7(text) else 70)


def build_message(template, values, items, more, parts, join="; ".join):
    """Fill ``template`` (``%(name)s`` placeholders, one being ``summary``) to fit ``parts``
    concatenated SMS of the message's alphabet.

    The summary gives whole ``items`` (joined by ``join``, as the message's language writes
    a list), as many as fit, in their order,
    then ``more(hidden, shown)`` for the ``hidden`` ones left out (e.g. "+2 other products",
    or "3 products" when none fits): an item is never cut. When even that does not fit, the
    message is longer rather than cut. Typographic characters are written plain (see
    ``plain``).
    """
    for shown in range(len(items), -1, -1):
        hidden = len(items) - shown
        summary = join([*items[:shown], *([more(hidden, shown)] if hidden else [])])
        message = plain(template % dict(values, summary=summary))
        if sms_length(message) <= max_length(message, parts):
            break
    return message
