"""A cooperative leaves the GIE (or is suspended, or is no longer eligible) while orders
wait for her answer: they are taken back from her and routed to the others; she can no
longer take an order."""

from datetime import timedelta

from odoo import Command
from odoo.addons.coop_gie.tests.common import CoopCase
from odoo.addons.sms.tests.common import SMSCase
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RoutingCaseMixin

WEBHOOK = "/coop_order_routing/sms/inbound"
NUMBER_A = "+212600000011"  # the mobile of A's manager
NUMBER_COOP_A = "+212600000001"  # A's own
NOT_MEMBER = (
    "GIE: your cooperative is no longer an active member of the GIE, your SMS is not taken "
    "and nothing is changed. Please call the central."
)
NOT_MEMBER_AR = (
    "المجموعة: لم تعد تعاونيتكِ عضوة نشيطة في المجموعة، لم تُعتمد رسالتكِ ولم يتغيّر شيء. "
    "المرجو الاتصال بالمركزية."
)


@tagged("post_install", "-at_install")
class TestLeave(RoutingCaseMixin, CoopCase, SMSCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_routing()
        cls.user_staff.lang = "en_US"

    def setUp(self):
        super().setUp()
        # a session bound to the test database (the gateway relies on the server's dbfilter)
        self.authenticate(None, None)

    def _post(self, uid, text, number=NUMBER_A):
        return self.url_open(
            WEBHOOK,
            data={"id": uid, "from": number, "text": text},
            headers={"X-Coop-Secret": "s3cret"},
        )

    def _end_membership(self, membership, action):
        membership.decision = "Decision of the GIE board"
        getattr(membership.with_user(self.user_staff), action)()

    def _inbound(self, uid):
        return self.env["coop.sms.inbound"].search([("message_uid", "=", uid)])

    def _routed_to(self, order, coop):
        return sum(self._po(order, coop).order_line.mapped("product_qty"))

    def _notes(self, record):
        return " ".join(str(body) for body in record.message_ids.mapped("body"))

    def test_withdrawn_cooperative_orders_waiting_go_to_the_others(self):
        """A leaves the GIE: her orders waiting for her answer are cancelled, she is told
        not to prepare them, staff read why, their quantities go to B; the order she
        accepted stays, its staff asked to decide. Her SMS accepting one afterwards is not
        applied: her manager's login is archived."""
        accepted_order, po_accepted, _po_b = self._route()
        accepted_order.user_id = self.user_staff
        self.assertTrue(po_accepted._coop_answer("accept", channel="staff"))
        first, po_a1, _po_b1 = self._route(available_a=5)
        second, po_a2, _po_b2 = self._route(available_a=5)
        self.assertEqual((po_a1 | po_a2).mapped("coop_answer_state"), ["waiting", "waiting"])
        with self.mockSMSGateway():
            self._end_membership(self.membership_a, "action_withdraw")
            sms = self._new_sms.filtered(lambda s: s.number == NUMBER_A)
        for order, po_a in ((first, po_a1), (second, po_a2)):
            self.assertEqual((po_a.state, po_a.coop_answer_state), ("cancel", "cancelled"))
            # not her refusal: taken back from her
            self.assertEqual(po_a.coop_allocation_ids.mapped("state"), ["cancelled"])
            self.assertFalse(po_a.coop_allocation_ids.answered_at)
            self.assertIn(
                "Taken back: the cooperative left the GIE.", po_a.coop_allocation_ids.reason
            )
            self.assertIn(
                "The cooperative left the GIE: this order, which she had not accepted yet, is "
                "cancelled and its quantity goes back to routing.",
                self._notes(po_a),
            )
            self.assertEqual(self._routed_to(order, self.coop_b), 10.0, "A's 5 went to B")
            self.assertConserved(order)
        self.assertEqual(
            sorted(sms.mapped("body")),
            sorted(
                f"GIE order {po.coop_sms_code} is cancelled: do not prepare it."
                for po in po_a1 | po_a2
            ),
        )
        # her accepted order stays: the goods are coming, staff decide
        self.assertEqual(
            (po_accepted.state, po_accepted.coop_answer_state), ("purchase", "accepted")
        )
        [todo] = po_accepted.activity_ids
        self.assertEqual(todo.user_id, self.user_staff)
        self.assertIn("The cooperative left the GIE after accepting this order", str(todo.note))
        self.assertFalse(self.user_coop_a.active)
        # her "yes" comes after, from her manager's number (archived with her login), then
        # the "no" of the cooperative's own number: neither is applied, each is told so
        # and staff see them
        for uid, number, text, user in (
            ("gw-late", NUMBER_A, f"نعم {po_a1.coop_sms_code}", self.user_coop_a),
            ("gw-late2", NUMBER_COOP_A, f"NON {po_accepted.coop_sms_code}", self.env["res.users"]),
        ):
            with self.mockSMSGateway():
                response = self._post(uid, text, number)
                self.assertEqual(response.status_code, 403, response.text)
                self.assertEqual(response.json()["error"], "not_member")
                self.assertEqual(self._new_sms.mapped("number"), [number])
                self.assertEqual(self._new_sms.body, NOT_MEMBER)
            inbound = self._inbound(uid)
            self.assertEqual(
                (inbound.partner_id, inbound.user_id, inbound.body, inbound.purchase_id),
                (self.coop_a, user, text, self.env["purchase.order"]),
            )
            self.assertEqual((inbound.result, inbound.error), ("not_applied", "not_member"))
        self.assertEqual((po_a1.state, po_a1.coop_answer_state), ("cancel", "cancelled"))
        self.assertEqual(
            (po_accepted.state, po_accepted.coop_answer_state), ("purchase", "accepted")
        )

    def test_archived_cooperative_orders_waiting_go_to_the_others(self):
        order, po_a, _po_b = self._route()
        self.coop_a.action_archive()
        self.assertEqual((po_a.state, po_a.coop_answer_state), ("cancel", "cancelled"))
        self.assertIn("Taken back: the cooperative left the GIE.", po_a.coop_allocation_ids.reason)
        self.assertEqual(self._routed_to(order, self.coop_b), 10.0)
        self.assertConserved(order)
        self.assertFalse(self.user_coop_a.active)
        # her answers afterwards, from her number or her manager's (both archived with
        # her), are not taken: she is told so, in her language
        self.user_coop_a.partner_id.lang = "ar_001"
        for uid, number in (("gw-arch", NUMBER_A), ("gw-arch2", NUMBER_COOP_A)):
            with self.mockSMSGateway():
                response = self._post(uid, f"OK {po_a.coop_sms_code}", number)
                self.assertEqual(response.status_code, 403, response.text)
                self.assertEqual(self._new_sms.mapped("number"), [number])
            self.assertEqual(
                (self._inbound(uid).partner_id, self._inbound(uid).error),
                (self.coop_a, "not_member"),
            )
            self.assertEqual((po_a.state, po_a.coop_answer_state), ("cancel", "cancelled"))
            body = self._new_sms.body
            self.assertEqual(body, NOT_MEMBER_AR if number == NUMBER_A else NOT_MEMBER, number)

    def test_cooperative_gone_is_told_three_times_an_hour_at_most(self):
        """An answering machine replying to each SMS telling her that her cooperative left
        the GIE would make an endless exchange: the fourth in an hour (her number however
        written) is recorded, not answered."""
        self._end_membership(self.membership_a, "action_withdraw")
        for index, number in enumerate((NUMBER_A, "0600000011", "212600000011", NUMBER_A)):
            with self.mockSMSGateway():
                response = self._post(f"gw-g{index}", "Absente", number)
                self.assertEqual(response.status_code, 403, response.text)
                self.assertEqual(len(self._new_sms), 1 if index < 3 else 0, index)
            self.assertEqual(self._inbound(f"gw-g{index}").error, "not_member")

    def test_removed_manager_of_a_member_is_nobody(self):
        """A manager whose login was removed while her cooperative stays a member: her
        number is nobody's, her SMS is neither answered nor recorded."""
        self._route()
        self.user_coop_a.action_archive()
        with self.mockSMSGateway():
            response = self._post("gw-rm", "OK")
            self.assertEqual(response.status_code, 403, response.text)
            self.assertEqual(response.json()["error"], "unknown_number")
            self.assertFalse(self._new_sms)
        self.assertFalse(self._inbound("gw-rm"))

    def test_orders_not_sent_yet_are_taken_back_without_a_word_to_her(self):
        self._available(self.coop_a, self.product, 5)
        order = self._order([(self.product, 10)])
        order.action_confirm()
        po_a = self._po(order, self.coop_a)
        self.assertEqual((po_a.state, po_a.coop_answer_state), ("draft", False))
        with self.mockSMSGateway():
            self._end_membership(self.membership_a, "action_withdraw")
            self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
            self.assertFalse(self._new_sms.filtered(lambda s: s.number == NUMBER_A))
        self.assertEqual((po_a.state, po_a.coop_answer_state), ("cancel", "cancelled"))
        self.assertEqual(self._routed_to(order, self.coop_b), 10.0)
        self.assertConserved(order)

    def test_suspended_cooperative_orders_waiting_go_to_the_others(self):
        """Suspended, A may not sell: her waiting order goes to B; her manager keeps her
        login, and her answer to it is told it comes too late."""
        order, po_a, _po_b = self._route()
        self._end_membership(self.membership_a, "action_suspend")
        self.assertEqual((po_a.state, po_a.coop_answer_state), ("cancel", "cancelled"))
        self.assertIn(
            "Taken back: the GIE membership of the cooperative is suspended.",
            po_a.coop_allocation_ids.reason,
        )
        self.assertIn("The GIE membership of the cooperative is suspended", self._notes(po_a))
        self.assertEqual(self._routed_to(order, self.coop_b), 10.0)
        self.assertTrue(self.user_coop_a.active)
        with self.mockSMSGateway():
            response = self._post("gw-susp", f"OK {po_a.coop_sms_code}")
            self.assertEqual(response.json()["status"], "already_answered")
            self.assertEqual(
                self._new_sms.body,
                f"GIE order {po_a.coop_sms_code} is cancelled: your answer is not applied.",
            )
        self.assertEqual((po_a.state, po_a.coop_answer_state), ("cancel", "cancelled"))

    def test_suspension_whose_rerouting_fails_says_why_and_changes_nothing(self):
        """Her waiting order cannot go back to routing (no route to buy its product): the
        decision is refused in the GIE's terms (her order, its product, the cause, what to
        do) and changes nothing; it goes through once the product's routes are fixed."""
        self.user_staff.lang = "en_US"
        order, po_a, _po_b = self._route()
        routes = self.product.route_ids
        self.product.route_ids = [Command.clear()]
        with self.assertRaises(UserError) as error:
            self._end_membership(self.membership_a, "action_suspend")
        message = str(error.exception)
        self.assertIn(
            f"The orders waiting for the answer of {self.coop_a.display_name} could not go "
            f"back to routing ({po_a.name}; products: {self.product.display_name})",
            message,
        )
        self.assertIn("No rule has been found to replenish", message)
        self.assertIn("Fix the routes of the product, or answer or cancel those orders", message)
        self.assertEqual((po_a.state, po_a.coop_answer_state), ("sent", "waiting"))
        self.assertNotEqual(self.membership_a.state, "suspended")
        self.product.route_ids = routes
        self._end_membership(self.membership_a, "action_suspend")
        self.assertEqual((po_a.state, po_a.coop_answer_state), ("cancel", "cancelled"))
        self.assertEqual(self._routed_to(order, self.coop_b), 10.0)

    def test_suspension_is_not_her_refusal_she_is_routed_again_once_active(self):
        """Taken back on a suspension, her order is not her answer: the routing analysis
        counts only what she decided; active again, she is routed again the line of a
        product only she makes ("Route again")."""
        _order, po_accepted, _po_b = self._route()
        self.assertTrue(po_accepted._coop_answer("accept", channel="staff"))
        self.sellers[(self.product2, self.coop_b)].unlink()  # only A makes it
        order = self._order([(self.product2, 4)])
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()
        po_a = self._po(order, self.coop_a)
        self.assertEqual(po_a.coop_answer_state, "waiting")
        self._end_membership(self.membership_a, "action_suspend")
        self.assertEqual((po_a.state, po_a.coop_answer_state), ("cancel", "cancelled"))
        self.assertEqual(order.order_line.coop_to_route_qty, 4.0, "nobody else makes it")
        [[rate]] = self.env["coop.allocation.report"]._read_group(
            [("partner_id", "=", self.coop_a.id)], aggregates=["acceptance_rate:avg"]
        )
        self.assertEqual(rate, 100.0, "she accepted all she decided")
        report = self.env["coop.allocation.report"].search(
            [
                ("partner_id", "=", self.coop_a.id),
                ("product_tmpl_id", "=", self.product2.product_tmpl_id.id),
            ]
        )
        self.assertEqual((report.state, report.decided_qty), ("cancelled", 0.0))
        self.membership_a.with_user(self.user_staff).action_activate()
        self.assertTrue(order.with_user(self.user_staff).action_coop_route_again())
        po_again = self._po(order, self.coop_a)
        self.assertEqual(po_again.order_line.product_qty, 4.0)
        self.assertNotEqual(po_again, po_a)
        self.assertFalse(order.order_line.coop_to_route_qty)
        self.assertConserved(order)

    def test_cooperative_no_longer_eligible_may_refuse_not_accept(self):
        """Her mandatory certification lapsed while her order waits: she cannot take it,
        in the app nor by SMS (told why), but may hand it back."""
        order, po_a, _po_b = self._route()
        self.cert_a.date_to = self.today - timedelta(days=1)
        self.assertFalse(self.coop_a.coop_eligible)
        with self.assertRaises(UserError) as error:
            po_a.with_user(self.user_coop_a).action_coop_accept()
        self.assertIn(
            "Coopérative Test A may not sell for the GIE at the moment (Mandatory "
            "certification ONSSA sanitary authorization expired on",
            str(error.exception),
        )
        self.assertIn(f"order {po_a.name} can only be refused", str(error.exception))
        code = po_a.coop_sms_code
        with self.mockSMSGateway():
            response = self._post("gw-ok", f"OK {code}")
            self.assertEqual(response.status_code, 409, response.text)
            self.assertEqual(self._new_sms.number, NUMBER_A)
            self.assertEqual(
                self._new_sms.body,
                f"GIE order {code}: your cooperative may not sell for the GIE at the moment, "
                "your answer is not applied. Please call the GIE.",
            )
        inbound = self.env["coop.sms.inbound"].search([("message_uid", "=", "gw-ok")])
        self.assertEqual((inbound.purchase_id, inbound.result), (po_a, "not_applied"))
        self.assertEqual((po_a.state, po_a.coop_answer_state), ("sent", "waiting"))
        response = self._post("gw-non", f"NON {code} plus de certificat")
        self.assertEqual(response.json()["status"], "applied")
        self.assertEqual(po_a.coop_answer_state, "refused")
        self.assertEqual(self._routed_to(order, self.coop_b), 10.0)
        self.assertConserved(order)
