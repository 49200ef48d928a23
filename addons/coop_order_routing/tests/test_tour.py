from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


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
        # each product on its own card, named in full, tapped to say what she can deliver
        po, user = self._waiting_order("Huile d'argan alimentaire 250 ml (tour)")
        self.start_tour(
            "/odoo/action-coop_order_routing.action_coop_my_orders",
            "coop_order_routing_accept_part_on_phone",
            login=user.login,
        )
        self.assertEqual((po.state, po.coop_answer_state), ("purchase", "partial"))
        self.assertEqual(po.order_line.product_qty, 3.0)
