from odoo import Command
from odoo.tests import tagged

from .common import CoopAccountCase


@tagged("post_install", "-at_install")
class TestMargin(CoopAccountCase):
    def _margins(self, order):
        return self.env["coop.margin.report"].search([("order_id", "=", order.id)])

    def test_margin_per_cooperative_product_and_month(self):
        order = self._order(10.0)
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        shares = self._shares(order)
        rows = self._margins(order)
        self.assertEqual(len(rows), 2, "one row per cooperative share of the line")
        for row in rows:
            coop, qty = row.partner_id, shares[row.partner_id]
            self.assertEqual(row.qty, qty)
            self.assertEqual(row.sale_price_unit, 100.0)
            self.assertEqual(row.purchase_price_unit, self.price[coop])
            self.assertEqual(row.amount_sale, qty * 100.0)
            self.assertEqual(row.amount_purchase, qty * self.price[coop])
            self.assertEqual(row.margin, qty * (100.0 - self.price[coop]))
            self.assertEqual(row.purchase_id, self._po(order, coop))
            self.assertEqual(row.product_id, self.product)

        # reported by cooperative, product and month
        groups = self.env["coop.margin.report"]._read_group(
            [("order_id", "=", order.id)],
            ["partner_id", "product_id", "date:month"],
            ["margin:sum", "amount_sale:sum", "qty:sum"],
        )
        month = order.date_order.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        self.assertEqual(
            sorted((p.id, prod.id, *values) for p, prod, *values in groups),
            sorted(
                (
                    coop.id,
                    self.product.id,
                    month,
                    qty * (100.0 - self.price[coop]),
                    qty * 100.0,
                    qty,
                )
                for coop, qty in shares.items()
            ),
        )

    def test_grouped_unit_prices_are_weighted_by_quantity(self):
        big, small = self._order(30.0, price=100.0), self._order(2.0, price=160.0)
        (big | small).action_confirm()
        [(qty, sales, sale_price, purchases, purchase_price)] = self.env[
            "coop.margin.report"
        ]._read_group(
            [("order_id", "in", (big | small).ids)],
            [],
            [
                "qty:sum",
                "amount_sale:sum",
                "sale_price_unit:avg",
                "amount_purchase:sum",
                "purchase_price_unit:avg",
            ],
        )
        self.assertEqual((qty, sales), (32.0, 3320.0))
        # 3320 / 32, where the average of the rows' prices would lean to the small order
        self.assertAlmostEqual(sale_price, 103.75)
        self.assertAlmostEqual(purchase_price, purchases / qty)

    def test_margin_uses_discounts_units_and_refusals(self):
        dozen = self.env.ref("uom.product_uom_dozen")
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 1.0,
                            "product_uom": dozen.id,
                            "price_unit": 1200.0,
                            "discount": 10.0,
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        rows = self._margins(order)
        self.assertEqual(sum(rows.mapped("qty")), 12.0, "quantities in the product's unit")
        for row in rows:
            self.assertAlmostEqual(row.sale_price_unit, 90.0, msg="per unit, after discount")
        # a cooperative refuses: her share goes to the other, at the other's price
        po_b = self._po(order, self.coop_b)
        self.assertTrue(po_b)
        po_b._coop_answer("refuse", channel="staff", reason="No stock")
        rows = self._margins(order)
        self.assertEqual(rows.partner_id, self.coop_a)
        self.assertEqual(sum(rows.mapped("qty")), 12.0)
        self.assertAlmostEqual(sum(rows.mapped("margin")), 12 * (90.0 - 60.0))

    def test_cancelled_orders_have_no_margin(self):
        order = self._order(4.0)
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        self.assertTrue(self._margins(order))
        order._action_cancel()
        self.assertFalse(self._margins(order))
