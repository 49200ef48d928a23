from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .. import lifecycle
from .common import CoopCase


@tagged("post_install", "-at_install")
class TestMembership(CoopCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coop_c = cls._create_cooperative("Coopérative Test C", "CPC")
        cls._add_certification(cls.coop_c)

    def _membership_in(self, state, coop):
        """A membership of ``coop`` brought to ``state`` through the allowed path."""
        membership = self.env["coop.membership"].create(
            {"partner_id": coop.id, "decision": "Decided by the GIE board"}
        )
        membership.requirement_ids.fact = "checked"
        paths = {
            "candidate": [],
            "review": ["review"],
            "selected": ["review", "selected"],
            "active": ["review", "selected", "active"],
            "suspended": ["review", "selected", "active", "suspended"],
            "withdrawn": ["withdrawn"],
            "rejected": ["rejected"],
        }
        for step in paths[state]:
            # each move that needs a decision is given its own
            membership.write({"state": step, "decision": f"Decided by the GIE board: {step}"})
        self.assertEqual(membership.state, state)
        return membership

    def test_full_lifecycle_eligibility(self):
        membership = self.env["coop.membership"].create({"partner_id": self.coop_c.id})
        self.assertEqual(membership.state, "candidate")
        self.assertEqual(self.coop_c.coop_membership_id, membership)
        self.assertEqual(self.coop_c.coop_membership_state, "candidate")
        self.assertFalse(self.coop_c.coop_eligible)
        membership.requirement_ids.fact = "checked"
        membership.action_review()
        self.assertEqual(membership.date_review, self.today)
        membership.action_select()
        self.assertFalse(self.coop_c.coop_eligible)
        self.assertIn("Selected", self.coop_c.coop_ineligible_reason)
        membership.with_user(self.user_staff).action_activate()
        self.assertEqual(membership.decider_id, self.user_staff)
        # the day is the decider's (her timezone), which differs from ours around midnight
        staff_today = fields.Date.context_today(membership.with_user(self.user_staff))
        self.assertEqual(membership.date_active, staff_today)
        self.assertTrue(self.coop_c.coop_eligible)
        membership.decision = "Late deliveries"
        membership.action_suspend()
        self.assertFalse(self.coop_c.coop_eligible)
        self.assertEqual(self.coop_c.coop_membership_state, "suspended")
        membership.action_activate()
        self.assertTrue(self.coop_c.coop_eligible)
        # the suspension's reason is not the withdrawal's: it needs its own decision
        with self.assertRaisesRegex(UserError, "previous change of state"):
            membership.action_withdraw()
        membership.decision = "Left the GIE at the general assembly"
        membership.action_withdraw()
        self.assertFalse(self.coop_c.coop_eligible)
        self.assertEqual(membership.date_end, self.today)
        # a withdrawn cooperative may apply again
        again = self.env["coop.membership"].create({"partner_id": self.coop_c.id})
        self.assertEqual(self.coop_c.coop_membership_id, again)

    def test_every_forbidden_transition_is_refused(self):
        forbidden = lifecycle.forbidden_transitions()
        self.assertEqual(len(forbidden), 7 * 6 - 13)
        memberships = {
            state: self._membership_in(
                state, self._create_cooperative(f"Coop {state}", f"F{state[:4].upper()}")
            )
            for state in lifecycle.STATES
        }
        for src, dst in forbidden:
            with self.subTest(src=src, dst=dst):
                membership = memberships[src]
                with self.assertRaisesRegex(UserError, "cannot go from"):
                    membership.write({"state": dst})
                self.assertEqual(membership.state, src)

    def test_checklist_blocks_activation_with_clear_message(self):
        membership = self.env["coop.membership"].create({"partner_id": self.coop_c.id})
        types = membership.requirement_ids.type_id
        self.assertEqual(
            set(types.mapped("code")),
            {"STATUTES", "ODCO", "ICE", "ONSSA", "BANK", "CHARTER", "TRAINING"},
        )
        lines = membership.requirement_ids
        lines.filtered(lambda r: r.type_id.code not in ("ONSSA", "CHARTER", "TRAINING")).fact = "ok"
        membership.action_review()
        membership.action_select()
        with self.assertRaises(UserError) as err:
            membership.action_activate()
        message = str(err.exception)
        self.assertIn("Sanitary authorization (ONSSA)", message)
        self.assertIn("Signed GIE charter", message)
        self.assertNotIn("Statutes", message)
        self.assertEqual(membership.state, "selected")
        self.assertEqual(membership.requirement_missing_count, 2)
        # a document satisfies it as well as a recorded fact
        onssa = lines.filtered(lambda r: r.type_id.code == "ONSSA")
        # blanks are no fact: the line is neither met nor checked
        onssa.fact = "   "
        self.assertEqual((onssa.satisfied, onssa.date_done), (False, False))
        onssa.write({"document": "UERGLTEuNA==", "document_name": "onssa.pdf"})
        self.assertTrue(onssa.satisfied)
        self.assertEqual(onssa.date_done, self.today)
        lines.filtered(lambda r: r.type_id.code == "CHARTER").fact = "signed on 2025-01-01"
        # the optional training is not required
        self.assertFalse(lines.filtered(lambda r: r.type_id.code == "TRAINING").satisfied)
        membership.action_activate()
        self.assertEqual(membership.state, "active")

    def test_deleted_checklist_line_still_blocks_activation(self):
        membership = self._membership_in("selected", self.coop_c)
        # the ONSSA line is removed from the checklist: its document is still required
        membership.requirement_ids.filtered(lambda r: r.type_id.code == "ONSSA").unlink()
        with self.assertRaisesRegex(UserError, "Sanitary authorization"):
            membership.action_activate()
        self.assertEqual(membership.state, "selected")

    def test_decision_required_to_reject_suspend_withdraw(self):
        membership = self.env["coop.membership"].create({"partner_id": self.coop_c.id})
        with self.assertRaisesRegex(UserError, "Write the decision"):
            membership.action_reject()
        self.assertEqual(membership.state, "candidate")
        membership.write({"state": "rejected", "decision": "Not in the territory of the GIE"})
        self.assertEqual(membership.state, "rejected")

    def test_one_open_membership(self):
        with self.assertRaisesRegex(ValidationError, "already has an open membership"):
            self.env["coop.membership"].create({"partner_id": self.coop_a.id})

    def test_only_cooperatives_are_members(self):
        partner = self.env["res.partner"].create({"name": "Not a coop", "is_company": True})
        with self.assertRaisesRegex(ValidationError, "not a cooperative"):
            self.env["coop.membership"].create({"partner_id": partner.id})

    def test_new_membership_starts_as_candidate(self):
        with self.assertRaisesRegex(UserError, "starts as a candidate"):
            self.env["coop.membership"].with_user(self.user_staff).create(
                {"partner_id": self.coop_c.id, "state": "active"}
            )

    def test_state_change_needs_gie_staff(self):
        with self.assertRaises(AccessError):
            self.membership_a.with_user(self.user_coop_a).action_suspend()
        self.assertEqual(self.membership_a.state, "active")

    def test_delete_refused_once_history(self):
        with self.assertRaisesRegex(UserError, "Only candidate memberships"):
            self.membership_a.unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted because it has history"):
            self.coop_a.unlink()
        self.coop_a.action_archive()
        self.assertFalse(self.coop_a.active)
        fresh = self._create_cooperative("Coopérative Sans Historique", "CPN")
        fresh.unlink()
        self.assertFalse(fresh.exists())

    def test_register_trainings_and_fairs_are_history(self):
        training = self.env["coop.training"].create({"name": "Hygiene"})
        fair = self.env["coop.fair"].create(
            {"name": "Salon", "date_start": self.today, "sales_amount": 1000}
        )
        for what, record_history in (
            (
                "members register",
                lambda c: self.env["coop.member"].create(
                    {"partner_id": c.id, "name": "Itto", "active": False}
                ),
            ),
            (
                "trainings attended",
                lambda c: self.env["coop.training.attendance"].create(
                    {"training_id": training.id, "partner_id": c.id, "attended": True}
                ),
            ),
            ("fairs", lambda c: fair.write({"partner_ids": [Command.link(c.id)]})),
        ):
            with self.subTest(history=what):
                coop = self._create_cooperative(f"Coopérative {what}", f"H{len(what)}")
                record_history(coop)
                with self.assertRaisesRegex(UserError, what):
                    coop.with_user(self.user_staff).unlink()
                self.assertTrue(coop.exists())
        self.assertEqual(training.attendee_count, 1)
        self.assertEqual(len(fair.partner_ids), 1)

    def test_each_move_needs_its_own_decision(self):
        membership = self._membership_in("active", self.coop_c).with_user(self.user_staff)
        # the decision given with the application was applied by its first move
        with self.assertRaisesRegex(UserError, "previous change of state"):
            membership.action_suspend()
        membership.decision = "Late fees"
        self.assertTrue(membership.decision_pending)
        membership.action_suspend()
        self.assertEqual(membership.state, "suspended")
        self.assertFalse(membership.decision_pending)
        self.assertEqual(membership.decision, "Late fees")  # kept, as the suspension's reason
        with self.assertRaisesRegex(UserError, "previous change of state"):
            membership.action_withdraw()
        # rewriting the same text is not a new decision
        membership.write({"decision": "Late fees"})
        with self.assertRaisesRegex(UserError, "previous change of state"):
            membership.action_withdraw()
        self.assertEqual(membership.state, "suspended")
        # the decision written with the move
        membership.write({"state": "withdrawn", "decision": "Fees still unpaid after 6 months"})
        self.assertEqual(membership.state, "withdrawn")

    def test_lifecycle_dates_and_decider_set_by_the_moves_only(self):
        membership = self._membership_in("withdrawn", self.coop_c)
        coop_d = self._create_cooperative("Coopérative Test D", "CPD")
        as_staff = membership.with_user(self.user_staff)
        for vals in (
            {"date_active": "2000-01-01"},
            {"date_end": False},
            {"decider_id": self.user_staff.id},
            {"decision_date": "2000-01-01"},
            {"decision_pending": True},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "cannot be written"):
                as_staff.write(vals)
        for vals in (
            {"partner_id": coop_d.id},
            {"company_id": self.env["res.company"].create({"name": "Other GIE"}).id},
            {"date_application": "2000-01-01"},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "has left candidate"):
                as_staff.write(vals)
        self.assertEqual(membership.partner_id, self.coop_c)
        self.assertEqual(membership.date_end, self.today)
        # a move stamps its own date, whatever is sent with it
        other = self._membership_in("active", coop_d).with_user(self.user_staff)
        with self.assertRaisesRegex(UserError, "cannot be written"):
            other.write({"state": "suspended", "decision": "Late", "date_suspended": "2000-01-01"})
        self.assertEqual(other.state, "active")
        # writing the value it already has changes nothing and is accepted (form re-saves)
        as_staff.write({"partner_id": self.coop_c.id, "date_end": membership.date_end})
        # a new membership cannot be created with a history either
        with self.assertRaisesRegex(UserError, "cannot be written"):
            self.env["coop.membership"].with_user(self.user_staff).create(
                {"partner_id": self.coop_c.id, "date_active": "2000-01-01"}
            )
        # a candidate's application may still be corrected
        candidate = (
            self.env["coop.membership"]
            .with_user(self.user_staff)
            .create({"partner_id": self.coop_c.id, "date_application": "2026-01-05"})
        )
        coop_e = self._create_cooperative("Coopérative Test E", "CPE")
        candidate.write({"date_application": "2026-01-06", "partner_id": coop_e.id})
        self.assertEqual(str(candidate.date_application), "2026-01-06")
        self.assertEqual(candidate.partner_id, coop_e)
