"""A certification a product requires lapses while the cooperative's order of it waits for
her answer: she may no longer take it, so it is taken back from her at once and routed to
the cooperatives that hold it, as when she leaves the GIE."""

from datetime import datetime, time, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.addons.sms.tests.common import SMSCase
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RoutingCase

NUMBER_A = "+212600000011"  # the mobile of A's manager


class CertificationCase(RoutingCase, SMSCase):
    """The routing fixture, staff reading English, B holding a valid organic certification."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_staff.lang = "en_US"
        cls.organic = cls.env.ref("coop_gie.cert_type_organic")
        cls.organic_b = cls._add_certification(cls.coop_b, cert_type=cls.organic, number="BIO-B")

    def _routed_to(self, order, coop, product=None):
        lines = self._po(order, coop).order_line
        return sum(
            lines.filtered(lambda ln: ln.product_id == (product or self.product)).mapped(
                "product_qty"
            )
        )

    def _notes(self, record):
        return " ".join(str(body) for body in record.message_ids.mapped("body"))


@tagged("post_install", "-at_install")
class TestCertificationLapse(CertificationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.coop_required_certification_type_ids = [Command.set(cls.organic.ids)]
        # A's organic certification ends today; B's goes on
        cls.organic_a = cls._add_certification(
            cls.coop_a, cert_type=cls.organic, days_valid=0, number="BIO-A"
        )

    def _daily_job(self, days=1, **context):
        """The GIE's daily job, ``days`` from now (at noon, whatever the time zone)."""
        day = datetime.combine(self.today + timedelta(days=days), time(12))
        with freeze_time(day), self.mockSMSGateway():
            self.env["coop.membership"].with_context(**context)._cron_daily()

    def test_expiry_by_the_daily_job_takes_back_the_waiting_order(self):
        """A's organic certification expires: her order of an organic product, waiting for
        her answer, is cancelled (she is told not to prepare it), staff read why, naming
        the certification in their language, and her quantity goes to B, who holds it."""
        order, po_a, _po_b = self._route()
        self.assertEqual(po_a.coop_answer_state, "waiting")
        self._daily_job()
        sms = self._new_sms.filtered(lambda s: s.number == NUMBER_A)
        self.assertEqual((po_a.state, po_a.coop_answer_state), ("cancel", "cancelled"))
        allocation = po_a.coop_allocation_ids
        # not her refusal: taken back from her
        self.assertEqual(allocation.state, "cancelled")
        self.assertFalse(allocation.answered_at)
        self.assertIn(
            "Taken back: the cooperative no longer holds a valid certification Organic, which "
            "the product requires.",
            allocation.reason,
        )
        self.assertIn("Biologique", allocation.with_context(lang="fr_FR").reason)
        self.assertIn(
            "The cooperative no longer holds a valid certification Organic: this order, which "
            "she had not accepted yet, is cancelled and its quantity goes back to routing.",
            self._notes(po_a),
        )
        self.assertEqual(
            sms.body, f"GIE order {po_a.coop_sms_code} is cancelled: do not prepare it."
        )
        self.assertEqual(self._routed_to(order, self.coop_b), 10.0, "A's 5 went to B")
        self.assertFalse(order.order_line.coop_to_route_qty)
        self.assertConserved(order)
        # she still sells for the GIE: organic is not a certification every cooperative needs
        self.assertTrue(self.coop_a.coop_eligible)

    def test_days_the_job_did_not_run_are_caught_up(self):
        order, po_a, _po_b = self._route()
        # the job last ran three days ago: her certification ended the day after
        self._daily_job(days=3, lastcall=datetime.combine(self.today, time(2)))
        self.assertEqual(po_a.coop_answer_state, "cancelled")
        self.assertEqual(self._routed_to(order, self.coop_b), 10.0)
        self.assertConserved(order)

    def test_lapse_of_a_certification_the_product_does_not_need_changes_nothing(self):
        """A's PGI Argane expires, and her organic certification is renewed in time: her
        order of the organic product keeps waiting for her answer, nothing is said."""
        igp = self.env.ref("coop_gie.cert_type_igp_argane")
        self._add_certification(self.coop_a, cert_type=igp, days_valid=0, number="IGP-A")
        self.organic_a.date_to = self.today + timedelta(days=365)
        order, po_a, po_b = self._route()
        self._daily_job()
        self.assertFalse(self._new_sms)
        self.assertEqual((po_a.state, po_a.coop_answer_state), ("sent", "waiting"))
        self.assertEqual(po_a.coop_allocation_ids.state, "waiting")
        self.assertEqual(po_a.order_line.product_qty, 5.0)
        self.assertEqual(po_b.order_line.product_qty, 5.0)
        self.assertConserved(order)

    def test_refusal_takes_back_only_the_products_needing_it(self):
        """Staff refuse A's organic certification: of her waiting order, only the organic
        product goes (to B); she keeps the amlou, which needs no certification, and is told
        by SMS what is left to deliver."""
        self._available(self.coop_a, self.product, 5)
        self._available(self.coop_a, self.product2, 2)
        order = self._order([(self.product, 10), (self.product2, 4)])
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()
        po_a = self._po(order, self.coop_a)
        self.assertEqual(len(po_a.order_line), 2, "one order of both products")
        code = po_a.coop_sms_code
        with self.mockSMSGateway():
            self.organic_a.with_user(self.user_staff).action_refuse()
        self.assertEqual((po_a.state, po_a.coop_answer_state), ("sent", "waiting"))
        self.assertEqual(po_a.coop_sms_code, code, "she answers the rest with the same code")
        self.assertEqual(po_a.order_line.product_id, self.product2)
        self.assertEqual(po_a.order_line.product_qty, 2.0)
        taken = po_a.coop_allocation_ids.filtered(lambda a: a.product_id == self.product)
        self.assertEqual((taken.state, taken.qty), ("cancelled", 5.0))
        self.assertIn("no longer holds a valid certification Organic", taken.reason)
        self.assertIn(
            "The cooperative no longer holds a valid certification Organic: this order, which "
            "she had not accepted yet, no longer includes Test argan oil, whose quantity goes "
            "back to routing.",
            self._notes(po_a),
        )
        self.assertEqual(
            self._new_sms.filtered(lambda s: s.number == NUMBER_A).body,
            f"GIE order {code} is lowered. Left to deliver: Test amlou 2 Units.",
        )
        self.assertEqual(self._routed_to(order, self.coop_b), 10.0, "A's 5 went to B")
        self.assertEqual(self._routed_to(order, self.coop_b, self.product2), 2.0)
        self.assertConserved(order)
        # what she keeps, she may still accept
        self.assertTrue(po_a._coop_answer("accept", channel="sms"))
        self.assertEqual(po_a.state, "purchase")

    def test_accepted_orders_stay_staff_decide(self):
        """A had accepted one order of the organic product and not yet answered another when
        her certification's end date is moved back: the waiting one goes to B in the same
        batch, the accepted one stays, its staff asked to decide."""
        accepted_order, po_accepted, _po_b = self._route()
        accepted_order.user_id = self.user_staff
        self.assertTrue(po_accepted._coop_answer("accept", channel="staff"))
        order, po_a, _po_b2 = self._route()
        self.organic_a.with_user(self.user_staff).date_to = self.today - timedelta(days=1)
        self.assertEqual(po_a.coop_answer_state, "cancelled")
        self.assertEqual(self._routed_to(order, self.coop_b), 10.0)
        self.assertConserved(order)
        self.assertEqual(
            (po_accepted.state, po_accepted.coop_answer_state), ("purchase", "accepted")
        )
        self.assertEqual(po_accepted.coop_allocation_ids.state, "accepted")
        self.assertConserved(accepted_order)
        [todo] = po_accepted.activity_ids
        self.assertEqual(todo.user_id, self.user_staff)
        self.assertEqual(todo.summary, "Certification lapsed: Organic")
        self.assertIn(
            "The cooperative no longer holds a valid certification Organic, which Test argan "
            "oil of this order requires; she had accepted it",
            str(todo.note),
        )

    def test_a_change_whose_rerouting_fails_is_refused_and_changes_nothing(self):
        order, po_a, _po_b = self._route()
        routes = self.product.route_ids
        self.product.route_ids = [Command.clear()]
        with self.assertRaises(UserError) as error:
            self.organic_a.with_user(self.user_staff).action_refuse()
        self.assertIn(f"could not go back to routing ({po_a.name}", str(error.exception))
        self.assertEqual((po_a.state, po_a.coop_answer_state), ("sent", "waiting"))
        self.assertEqual(self.organic_a.state, "valid")
        self.product.route_ids = routes
        self.organic_a.with_user(self.user_staff).action_refuse()
        self.assertEqual(po_a.coop_answer_state, "cancelled")
        self.assertEqual(self._routed_to(order, self.coop_b), 10.0)

    def test_daily_job_goes_on_when_a_take_back_fails(self):
        """Her order cannot go back to routing (no route to buy its product): the daily job
        still does the register's work (her lapsed sanitary authorization makes her
        ineligible), and her order waits for its deadline, as before."""
        self.cert_a.date_to = self.today
        _order, po_a, _po_b = self._route()
        self.product.route_ids = [Command.clear()]
        with self.assertLogs("odoo.addons.coop_gie.models.coop_certification", "WARNING") as logs:
            self._daily_job()
        self.assertIn("Organic", logs.output[0])
        self.assertEqual((po_a.state, po_a.coop_answer_state), ("sent", "waiting"))
        self.assertFalse(self.coop_a.coop_eligible)
