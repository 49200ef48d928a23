"""Fixture of the routing tests: two eligible cooperatives (from coop_gie's CoopCase) that
both make the test product, with vendor lines, declared supply and registered mobiles."""

from odoo import Command, fields
from odoo.addons.coop_gie.tests.common import CoopCase


class RoutingCaseMixin:
    @classmethod
    def _setup_routing(cls):
        cls.env["ir.config_parameter"].sudo().set_param(  # sudo: test set-up
            "coop_order_routing.sms_webhook_secret", "s3cret"
        )
        cls.env.ref("coop_order_routing.policy_default").policy = "balanced"
        # central staff read routing's explanations in the company's language: English here
        cls.env.company.partner_id.lang = "en_US"
        cls.coop_a.mobile = "+212600000001"
        cls.coop_b.mobile = "+212600000002"
        cls.user_coop_a.partner_id.mobile = "+212600000011"
        cls.user_coop_b.partner_id.mobile = "+212600000012"
        cls.user_coop_a.partner_id.lang = "en_US"
        cls.coop_a.lang = "en_US"
        cls.customer = cls.env["res.partner"].create(
            {"name": "Client Diaspora", "city": "Lyon", "country_id": cls.env.ref("base.fr").id}
        )
        cls.product = cls.product_coop
        cls.product.tracking = "none"
        cls.product2 = cls._make_coop_product("Test amlou")
        cls.sellers = {}
        for product in cls.product | cls.product2:
            for coop, price, seq in ((cls.coop_a, 80.0, 1), (cls.coop_b, 75.0, 2)):
                cls.sellers[(product, coop)] = cls.env["product.supplierinfo"].create(
                    {
                        "partner_id": coop.id,
                        "product_tmpl_id": product.product_tmpl_id.id,
                        "price": price,
                        "delay": 2,
                        "sequence": seq,
                    }
                )
                cls.env["coop.sourcing"].create(
                    {
                        "partner_id": coop.id,
                        "product_tmpl_id": product.product_tmpl_id.id,
                        "qty_available": 1000.0,
                        "weekly_capacity": 0.0,
                        "target_share": 50.0,
                    }
                )
        # central staff runs sales, purchase and the warehouse
        cls.user_staff.groups_id |= (
            cls.env.ref("sales_team.group_sale_manager")
            | cls.env.ref("purchase.group_purchase_manager")
            | cls.env.ref("stock.group_stock_user")
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )

    @classmethod
    def _make_coop_product(cls, name, **values):
        return cls.env["product.product"].create(
            {
                "name": name,
                "type": "consu",
                "is_storable": True,
                "coop_sourced": True,
                "list_price": 100.0,
                **values,
            }
        )

    def _vendor_lines(self, *coops):
        """``seller_ids`` commands listing ``coops`` (A and B by default) as vendors."""
        return [
            Command.create({"partner_id": coop.id, "price": 10.0})
            for coop in coops or (self.coop_a, self.coop_b)
        ]

    def _deliveries(self, order):
        """The central warehouse's deliveries of ``order`` to its customer."""
        return order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
        )

    def _order(self, lines, **values):
        return self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in lines
                ],
                **values,
            }
        )

    def _route(self, qty=10, available_a=None):
        """Confirm an order of ``qty`` of the test product, A having ``available_a`` (half
        by default) and B the rest; the job sends their orders: (order, po_a, po_b)."""
        self._available(self.coop_a, self.product, qty // 2 if available_a is None else available_a)
        order = self._order([(self.product, qty)])
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        return order, self._po(order, self.coop_a), self._po(order, self.coop_b)

    def _sourcing(self, coop, product):
        return self.env["coop.sourcing"].search(
            [("partner_id", "=", coop.id), ("product_tmpl_id", "=", product.product_tmpl_id.id)]
        )

    def _available(self, coop, product, qty):
        """What ``coop`` declares she has of ``product`` (the routing consumes it)."""
        self._sourcing(coop, product).qty_available = qty

    def _po(self, order, coop):
        return order.coop_purchase_ids.filtered(
            lambda po: po.partner_id == coop and po.state != "cancel"
        )

    def assertConserved(self, order):
        """allocated + to route = ordered, for every cooperative line."""
        for line in order.order_line.filtered("coop_routed"):
            active = line.coop_allocation_ids.filtered(lambda a: a.state in ("waiting", "accepted"))
            self.assertAlmostEqual(
                sum(active.mapped("qty")) + line.coop_to_route_qty, line.product_uom_qty
            )
            self.assertAlmostEqual(line.coop_allocated_qty, sum(active.mapped("qty")))

    def _receive(self, po):
        for picking in po.picking_ids.filtered(lambda p: p.state not in ("done", "cancel")):
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
            picking.move_ids.picked = True
            picking.button_validate()

    def _now(self):
        return fields.Datetime.now()


class RoutingCase(RoutingCaseMixin, CoopCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_routing()
