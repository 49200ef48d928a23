from datetime import timedelta

from odoo import Command
from odoo.addons.coop_gie.tests.common import CoopCase
from odoo.tests import HttpCase, new_test_user, tagged

from .common import RoutingCaseMixin


@tagged("post_install", "-at_install")
class TestPhoneTour(HttpCase):
    """On a phone, the manager of Taoutemet opens "My orders" and accepts her order."""

    browser_size = "375x667"
    touch_enabled = True

    def _waiting_order(self, product_name):
        """An order of 7 ``product_name`` sent to Taoutemet, and her manager."""
        user = self.env.ref("coop_gie.user_taoutemet", raise_if_not_found=False)
        if not user:
            # the test database may lack demo data: build the same manager
            coop = self.env["res.partner"].create(
                {
                    "name": "Taoutemet N'Ochan",
                    "is_company": True,
                    "is_cooperative": True,
                    "coop_code": "TAO",
                }
            )
            user = new_test_user(
                self.env,
                login="taoutemet",
                groups="coop_gie.group_coop_manager",
                coop_id=coop.id,
                name="Manager Taoutemet",
            )
        product = self.env["product.product"].create(
            {"name": product_name, "type": "consu", "is_storable": True}
        )
        po = self.env["purchase.order"].create(
            {
                "partner_id": user.coop_id.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_qty": 7, "price_unit": 99})
                ],
            }
        )
        po._coop_dispatch()
        return po, user

    def test_taoutemet_accepts_on_phone(self):
        po, user = self._waiting_order("Amlou 250 g (tour)")
        self.start_tour(
            "/odoo/action-coop_order_routing.action_coop_my_orders",
            "coop_order_routing_accept_on_phone",
            login=user.login,
        )
        self.assertEqual((po.state, po.coop_answer_state), ("purchase", "accepted"))
        self.assertEqual(po.coop_answer_channel, "mobile")

    def test_taoutemet_accepts_part_on_phone(self):
        # each product on its own card, named in full, tapped to say what she can deliver;
        # in Arabic, the unit agrees with each quantity
        po, user = self._waiting_order("Huile d'argan alimentaire 250 ml (tour)")
        user.lang = "ar_001"
        self.start_tour(
            "/odoo/action-coop_order_routing.action_coop_my_orders",
            "coop_order_routing_accept_part_on_phone",
            login=user.login,
        )
        self.assertEqual((po.state, po.coop_answer_state), ("purchase", "partial"))
        self.assertEqual(po.order_line.product_qty, 2.0)


@tagged("post_install", "-at_install")
class TestRoutingAnalysisTour(RoutingCaseMixin, CoopCase, HttpCase):
    """Central staff open the Routing Analysis: it shows the balancing window, not the
    current month (on the 1st, one day)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_routing()

    def test_routing_analysis_opens_on_the_last_90_days(self):
        for days in (40, 200):
            order, _po_a, _po_b = self._route(qty=4)
            order.name = f"Routed {days} days ago"
            self.env.flush_all()
            self.env.cr.execute(
                "UPDATE coop_allocation SET routed_at = %s WHERE order_id = %s",
                (self._now() - timedelta(days=days), order.id),
            )
        self.user_staff.lang = "fr_FR"  # the central's staff read French
        self.start_tour(
            "/odoo/action-coop_order_routing.action_coop_allocation_report",
            "coop_order_routing_routing_analysis",
            login=self.user_staff.login,
        )
