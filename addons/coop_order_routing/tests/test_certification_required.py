"""Central staff make a product require a certification while cooperatives' orders of it
wait for their answer: a cooperative that does not hold it may no longer take them, so they
are taken back from her at once and routed to the cooperatives holding it, as when her
certification lapses."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_certification_lapse import NUMBER_A, CertificationCase

NUMBER_B = "+212600000012"  # the mobile of B's manager


@tagged("post_install", "-at_install")
class TestCertificationRequired(CertificationCase):
    """A holds no organic certification, B does (``CertificationCase``); the test products
    require none when they are routed."""

    def _require(self, products, cert_type=None, command=Command.link):
        """Staff make ``products`` (templates) require ``cert_type`` (organic by default),
        all at once, as a multi-edit of the list does."""
        with self.mockSMSGateway():
            products.with_user(self.user_staff).write(
                {"coop_required_certification_type_ids": [command((cert_type or self.organic).id)]}
            )

    def test_requiring_a_certification_takes_back_the_waiting_order_lacking_it(self):
        """Staff make the product require organic: A's order of it, waiting for her answer,
        is cancelled (she is told not to prepare it), staff read why, naming the
        certification in their language, and her quantity goes to B, who holds it; B's
        order is not touched."""
        order, po_a, po_b = self._route()
        self.assertEqual(po_a.coop_answer_state, "waiting")
        self._require(self.product.product_tmpl_id)
        self.assertEqual((po_a.state, po_a.coop_answer_state), ("cancel", "cancelled"))
        allocation = po_a.coop_allocation_ids
        # not her refusal: taken back from her
        self.assertEqual(allocation.state, "cancelled")
        self.assertFalse(allocation.answered_at)
        self.assertIn(
            "Taken back: the product now requires a valid certification Organic, which the "
            "cooperative does not hold.",
            allocation.reason,
        )
        self.assertIn("Biologique", allocation.with_context(lang="fr_FR").reason)
        self.assertIn(
            "Test argan oil now requires a valid certification Organic, which the cooperative "
            "does not hold: this order, which she had not accepted yet, is cancelled and its "
            "quantity goes back to routing.",
            self._notes(po_a),
        )
        self.assertEqual(
            self._new_sms.filtered(lambda s: s.number == NUMBER_A).body,
            f"GIE order {po_a.coop_sms_code} is cancelled: do not prepare it.",
        )
        self.assertFalse(self._new_sms.filtered(lambda s: s.number == NUMBER_B))
        self.assertEqual((po_b.state, po_b.coop_answer_state), ("sent", "waiting"))
        self.assertEqual(po_b.order_line.product_qty, 5.0)
        self.assertEqual(self._routed_to(order, self.coop_b), 10.0, "A's 5 went to B")
        self.assertFalse(order.order_line.coop_to_route_qty)
        self.assertConserved(order)

    def test_a_certification_of_other_products_is_not_enough(self):
        """A's organic certification covers only the amlou: the argan oil now requiring
        organic is taken back from her as from a cooperative holding none."""
        self._add_certification(
            self.coop_a,
            cert_type=self.organic,
            number="BIO-A",
            product_tmpl_ids=[Command.set(self.product2.product_tmpl_id.ids)],
        )
        order, po_a, _po_b = self._route()
        self._require(self.product.product_tmpl_id)
        self.assertEqual(po_a.coop_answer_state, "cancelled")
        self.assertEqual(self._routed_to(order, self.coop_b), 10.0)
        self.assertConserved(order)

    def test_only_the_products_now_requiring_it_are_taken_back(self):
        """Of A's waiting order, only the argan oil now requiring organic goes (to B); she
        keeps the amlou and is told by SMS what is left to deliver, which she may still
        accept with the same code."""
        self._available(self.coop_a, self.product, 5)
        self._available(self.coop_a, self.product2, 2)
        order = self._order([(self.product, 10), (self.product2, 4)])
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()
        po_a = self._po(order, self.coop_a)
        self.assertEqual(len(po_a.order_line), 2, "one order of both products")
        code = po_a.coop_sms_code
        self._require(self.product.product_tmpl_id)
        self.assertEqual((po_a.state, po_a.coop_answer_state), ("sent", "waiting"))
        self.assertEqual(po_a.coop_sms_code, code)
        self.assertEqual(po_a.order_line.product_id, self.product2)
        self.assertEqual(po_a.order_line.product_qty, 2.0)
        taken = po_a.coop_allocation_ids.filtered(lambda a: a.product_id == self.product)
        self.assertEqual((taken.state, taken.qty), ("cancelled", 5.0))
        self.assertIn("now requires a valid certification Organic", taken.reason)
        self.assertIn(
            "Test argan oil now requires a valid certification Organic, which the cooperative "
            "does not hold: this order, which she had not accepted yet, no longer includes it, "
            "and its quantity goes back to routing.",
            self._notes(po_a),
        )
        self.assertEqual(
            self._new_sms.filtered(lambda s: s.number == NUMBER_A).body,
            f"GIE order {code} is lowered. Left to deliver: Test amlou 2 Units.",
        )
        self.assertEqual(self._routed_to(order, self.coop_b), 10.0, "A's 5 went to B")
        self.assertEqual(self._routed_to(order, self.coop_b, self.product2), 2.0)
        self.assertConserved(order)
        self.assertTrue(po_a._coop_answer("accept", channel="sms"))
        self.assertEqual(po_a.state, "purchase")

    def test_accepted_orders_stay_staff_decide(self):
        """A had accepted one order of the argan oil and not yet answered another when staff
        make it require organic: the waiting one goes to B in the same batch, the accepted
        one stays, its staff asked to decide."""
        accepted_order, po_accepted, _po_b = self._route()
        accepted_order.user_id = self.user_staff
        self.assertTrue(po_accepted._coop_answer("accept", channel="staff"))
        order, po_a, _po_b2 = self._route()
        self._require(self.product.product_tmpl_id)
        self.assertEqual(po_a.coop_answer_state, "cancelled")
        self.assertEqual(self._routed_to(order, self.coop_b), 10.0)
        self.assertConserved(order)
        self.assertEqual(
            (po_accepted.state, po_accepted.coop_answer_state), ("purchase", "accepted")
        )
        self.assertEqual(po_accepted.order_line.product_qty, 5.0)
        self.assertEqual(po_accepted.coop_allocation_ids.state, "accepted")
        self.assertConserved(accepted_order)
        [todo] = po_accepted.activity_ids
        self.assertEqual(todo.user_id, self.user_staff)
        self.assertEqual(todo.summary, "Certification now required: Organic")
        self.assertIn(
            "Test argan oil of this order now requires a valid certification Organic, which "
            "the cooperative does not hold; she had accepted it",
            str(todo.note),
        )

    def test_a_requirement_held_or_removed_changes_nothing(self):
        """Staff make the argan oil require a certification both cooperatives hold (their
        sanitary authorization), then remove it: their waiting orders keep waiting, nothing
        is said."""
        order, po_a, po_b = self._route()
        self._require(self.product.product_tmpl_id, self.cert_type_onssa)
        self._require(self.product.product_tmpl_id, self.cert_type_onssa, Command.unlink)
        self.assertFalse(self._new_sms)
        for po in po_a | po_b:
            self.assertEqual((po.state, po.coop_answer_state), ("sent", "waiting"))
            self.assertEqual(po.coop_allocation_ids.state, "waiting")
            self.assertEqual(po.order_line.product_qty, 5.0)
        self.assertConserved(order)

    def test_several_products_at_once(self):
        """Staff make both products require organic in one edit of the list: A's order of
        both, which she had not accepted yet, is cancelled (one SMS) and all goes to B."""
        self._available(self.coop_a, self.product, 5)
        self._available(self.coop_a, self.product2, 2)
        order = self._order([(self.product, 10), (self.product2, 4)])
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()
        po_a = self._po(order, self.coop_a)
        self._require((self.product | self.product2).product_tmpl_id)
        self.assertEqual(po_a.coop_answer_state, "cancelled")
        self.assertEqual(len(self._new_sms.filtered(lambda s: s.number == NUMBER_A)), 1)
        self.assertEqual(self._routed_to(order, self.coop_b), 10.0)
        self.assertEqual(self._routed_to(order, self.coop_b, self.product2), 4.0)
        self.assertConserved(order)

    def test_through_the_product_variant(self):
        """The requirement set from the product variant's form goes to its template."""
        order, po_a, _po_b = self._route()
        with self.mockSMSGateway():
            self.product.with_user(self.user_staff).coop_required_certification_type_ids = [
                Command.link(self.organic.id)
            ]
        self.assertEqual(po_a.coop_answer_state, "cancelled")
        self.assertEqual(self._routed_to(order, self.coop_b), 10.0)

    def test_by_import(self):
        """Staff import the products' required certifications (Odoo's import): the same."""
        order, po_a, _po_b = self._route()
        header = [".id", "coop_required_certification_type_ids/id"]
        text = f"{','.join(header)}\n{self.product.product_tmpl_id.id},coop_gie.cert_type_organic"
        wizard = (
            self.env["base_import.import"]
            .with_user(self.user_staff)
            .create(
                {"res_model": "product.template", "file": text.encode(), "file_type": "text/csv"}
            )
        )
        with self.mockSMSGateway():
            result = wizard.execute_import(
                header, header, {"quoting": '"', "separator": ",", "has_headers": True}
            )
        self.assertFalse(result["messages"])
        self.assertEqual(self.product.coop_required_certification_type_ids, self.organic)
        self.assertEqual(po_a.coop_answer_state, "cancelled")
        self.assertEqual(self._routed_to(order, self.coop_b), 10.0)

    def test_restoring_an_archived_requirement(self):
        """The argan oil required organic, whose type was archived (no longer required):
        restoring the type requires it again, and A's waiting order is taken back."""
        self.product.coop_required_certification_type_ids = self.organic
        self.organic.action_archive()
        order, po_a, _po_b = self._route()
        self.assertEqual(po_a.coop_answer_state, "waiting", "organic was not required")
        with self.mockSMSGateway():
            self.organic.with_user(self.user_staff).action_unarchive()
        self.assertEqual(po_a.coop_answer_state, "cancelled")
        self.assertEqual(self._routed_to(order, self.coop_b), 10.0)
        self.assertConserved(order)

    def test_a_requirement_whose_rerouting_fails_is_refused_and_changes_nothing(self):
        order, po_a, _po_b = self._route()
        routes = self.product.route_ids
        self.product.route_ids = [Command.clear()]
        with self.assertRaises(UserError) as error:
            self._require(self.product.product_tmpl_id)
        self.assertIn(f"could not go back to routing ({po_a.name}", str(error.exception))
        self.assertEqual((po_a.state, po_a.coop_answer_state), ("sent", "waiting"))
        self.assertFalse(self.product.coop_required_certification_type_ids)
        self.product.route_ids = routes
        self._require(self.product.product_tmpl_id)
        self.assertEqual(po_a.coop_answer_state, "cancelled")
        self.assertEqual(self._routed_to(order, self.coop_b), 10.0)
