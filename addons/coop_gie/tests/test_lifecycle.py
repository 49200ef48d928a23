"""The pure rules, without the ORM."""

import itertools
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from odoo.tests import BaseCase, tagged

from .. import lifecycle
from ..lifecycle import Cert
from .common import property_settings


@tagged("post_install", "-at_install")
class TestLifecycleRules(BaseCase):
    def test_happy_path_and_back(self):
        path = ["candidate", "review", "selected", "active", "suspended", "active", "withdrawn"]
        for src, dst in itertools.pairwise(path):
            self.assertTrue(lifecycle.can_transition(src, dst), f"{src} -> {dst}")

    def test_terminal_states(self):
        for state in ("withdrawn", "rejected"):
            for dst in lifecycle.STATES:
                self.assertFalse(lifecycle.can_transition(state, dst))

    def test_no_shortcut_to_active(self):
        for src in ("candidate", "review", "withdrawn", "rejected"):
            self.assertFalse(lifecycle.can_transition(src, "active"))
        self.assertIn(("candidate", "active"), lifecycle.forbidden_transitions())
        self.assertNotIn(("selected", "active"), lifecycle.forbidden_transitions())

    def test_coop_code(self):
        self.assertEqual(lifecycle.normalize_coop_code(" tao "), "TAO")
        self.assertTrue(lifecycle.is_valid_coop_code("TAO1"))
        for bad in ("T", "TOOLONGCODE", "TA-O", "tao", "", False):
            self.assertFalse(lifecycle.is_valid_coop_code(bad), bad)

    def test_eligibility_reasons(self):
        day = date(2025, 6, 1)
        onssa = Cert("ONSSA", "valid", date(2025, 1, 1), date(2025, 12, 31))
        self.assertTrue(lifecycle.eligibility(["active"], {"ONSSA"}, [onssa], day).eligible)
        self.assertEqual(
            lifecycle.eligibility(["selected"], {"ONSSA"}, [onssa], day).reasons,
            [("membership_state", "selected")],
        )
        self.assertEqual(lifecycle.eligibility([], set(), [], day).reasons, [("not_member", None)])
        self.assertEqual(
            lifecycle.eligibility(["active"], {"ONSSA"}, [], day).reasons,
            [("cert_missing", "ONSSA")],
        )
        expired = Cert("ONSSA", "valid", date(2024, 1, 1), date(2025, 5, 31))
        self.assertEqual(
            lifecycle.eligibility(["active"], {"ONSSA"}, [expired], day).reasons,
            [("cert_expired", ("ONSSA", date(2025, 5, 31)))],
        )
        pending = Cert("ONSSA", "pending")
        self.assertEqual(
            lifecycle.eligibility(["active"], {"ONSSA"}, [expired, pending], day).reasons,
            [("cert_expired", ("ONSSA", date(2025, 5, 31)))],
        )
        self.assertEqual(
            lifecycle.eligibility(["active"], {"ONSSA"}, [pending], day).reasons,
            [("cert_pending", "ONSSA")],
        )
        # renewed: the old one expired, the new one is valid
        renewed = Cert("ONSSA", "valid", date(2025, 6, 1), date(2027, 5, 31))
        self.assertTrue(
            lifecycle.eligibility(
                ["withdrawn", "active"], {"ONSSA"}, [expired, renewed], day
            ).eligible
        )

    @property_settings(300)
    @given(
        states=st.lists(st.sampled_from(lifecycle.STATES), max_size=3),
        offset_from=st.integers(-400, 400),
        length=st.integers(0, 800),
        cert_state=st.sampled_from(["pending", "valid", "refused"]),
    )
    def test_eligibility_property(self, states, offset_from, length, cert_state):
        """Eligible exactly when active and the mandatory certificate covers the day."""
        day = date(2025, 6, 1)
        start = day + timedelta(days=offset_from)
        cert = Cert("ONSSA", cert_state, start, start + timedelta(days=length))
        result = lifecycle.eligibility(states, {"ONSSA"}, [cert], day)
        expected = (
            "active" in states and cert_state == "valid" and (cert.date_from <= day <= cert.date_to)
        )
        self.assertEqual(result.eligible, expected)
        self.assertEqual(result.eligible, not result.reasons)
