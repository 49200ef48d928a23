"""Pure rules of the GIE register: membership lifecycle and eligibility.

No ``env`` here: plain data in, plain results out, so that the rules are tested directly
(see tests/test_lifecycle.py) and the models stay a thin shell around them.
"""

import re
from dataclasses import dataclass, field
from datetime import date

CANDIDATE = "candidate"
REVIEW = "review"
SELECTED = "selected"
ACTIVE = "active"
SUSPENDED = "suspended"
WITHDRAWN = "withdrawn"
REJECTED = "rejected"

STATES = (CANDIDATE, REVIEW, SELECTED, ACTIVE, SUSPENDED, WITHDRAWN, REJECTED)

#: Allowed moves of a GIE membership: candidate -> under review -> selected -> active
#: <-> suspended -> withdrawn; an application may be rejected before it is active.
TRANSITIONS = {
    CANDIDATE: frozenset({REVIEW, REJECTED, WITHDRAWN}),
    REVIEW: frozenset({SELECTED, REJECTED, WITHDRAWN}),
    SELECTED: frozenset({ACTIVE, REJECTED, WITHDRAWN}),
    ACTIVE: frozenset({SUSPENDED, WITHDRAWN}),
    SUSPENDED: frozenset({ACTIVE, WITHDRAWN}),
    WITHDRAWN: frozenset(),
    REJECTED: frozenset(),
}

#: States of a membership that is still open (a cooperative has at most one of them).
OPEN_STATES = frozenset({CANDIDATE, REVIEW, SELECTED, ACTIVE, SUSPENDED})

COOP_CODE_RE = re.compile(r"^[A-Z0-9]{2,8}$")


def can_transition(from_state, to_state):
    """True when a membership may move from ``from_state`` to ``to_state``."""
    return to_state in TRANSITIONS.get(from_state, ())


def forbidden_transitions():
    """Every (from, to) pair of distinct states that the lifecycle refuses."""
    return [
        (src, dst)
        for src in STATES
        for dst in STATES
        if src != dst and not can_transition(src, dst)
    ]


def normalize_coop_code(code):
    """Upper-case, stripped short code (or False)."""
    return (code or "").strip().upper() or False


def is_valid_coop_code(code):
    return bool(code) and bool(COOP_CODE_RE.match(code))


@dataclass(frozen=True)
class Cert:
    """A certification as eligibility sees it."""

    type_code: str
    state: str
    date_from: date | None = None
    date_to: date | None = None

    def valid_on(self, day):
        return (
            self.state == "valid"
            and (not self.date_from or self.date_from <= day)
            and (not self.date_to or day <= self.date_to)
        )


@dataclass
class Eligibility:
    """Result of :func:`eligibility`: ``reasons`` is empty when eligible.

    Each reason is a tuple ``(kind, data)`` that the ORM layer turns into a translated text:
    ``("not_member", None)``, ``("membership_state", state)``,
    ``("cert_missing", type_code)``, ``("cert_expired", (type_code, date_to))``,
    ``("cert_pending", type_code)``, ``("cert_not_started", (type_code, date_from))``.
    """

    reasons: list = field(default_factory=list)

    @property
    def eligible(self):
        return not self.reasons


def eligibility(membership_states, mandatory_type_codes, certs, day):
    """Eligibility of one cooperative on ``day``.

    :param membership_states: states of its GIE memberships (any order)
    :param mandatory_type_codes: codes of the mandatory certification types
    :param certs: iterable of :class:`Cert` of the cooperative
    """
    result = Eligibility()
    states = set(membership_states)
    if ACTIVE not in states:
        current = [s for s in STATES if s in states and s in OPEN_STATES]
        if current:
            result.reasons.append(("membership_state", current[0]))
        else:
            result.reasons.append(("not_member", None))
    certs = list(certs)
    for code in sorted(mandatory_type_codes):
        of_type = [c for c in certs if c.type_code == code]
        if any(c.valid_on(day) for c in of_type):
            continue
        valid_state = [c for c in of_type if c.state == "valid"]
        expired = [c for c in valid_state if c.date_to and c.date_to < day]
        future = [c for c in valid_state if c.date_from and c.date_from > day]
        if expired:
            result.reasons.append(("cert_expired", (code, max(c.date_to for c in expired))))
        elif future:
            result.reasons.append(("cert_not_started", (code, min(c.date_from for c in future))))
        elif any(c.state == "pending" for c in of_type):
            result.reasons.append(("cert_pending", code))
        else:
            result.reasons.append(("cert_missing", code))
    return result
