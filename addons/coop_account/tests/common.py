"""Fixture of the accounting tests: the two cooperatives of ``CoopCase`` make one product
(bought 60 from A and 55 from B, sold 100, VAT 20 % both ways) with the same declared
supply, routing shares orders between them in proportion to it (``capacity`` policy), and a
Moroccan customer buys it. Tests read the quantities routing gave each cooperative from
its purchase orders rather than assuming them."""

from lxml import etree

from odoo import Command, fields
from odoo.addons.coop_gie.tests.common import CoopCase
from odoo.addons.coop_website_shop.tests.common import cod_transaction


class CoopAccountCase(CoopCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.currency = cls.company.currency_id
        cls.sale_tax = cls.company.account_sale_tax_id
        cls.purchase_tax = cls.company.account_purchase_tax_id
        cls.env.ref("coop_order_routing.policy_default").policy = "capacity"
        cls.product = cls.product_coop
        cls.product.write(
            {
                "tracking": "none",
                "list_price": 100.0,
                "taxes_id": [Command.set(cls.sale_tax.ids)],
                "supplier_taxes_id": [Command.set(cls.purchase_tax.ids)],
            }
        )
        for coop, price, ice in (
            (cls.coop_a, 60.0, "001234000000045"),
            (cls.coop_b, 55.0, "005678000000032"),
        ):
            coop.company_registry = ice
            cls.env["product.supplierinfo"].create(
                {
                    "partner_id": coop.id,
                    "product_tmpl_id": cls.product.product_tmpl_id.id,
                    "price": price,
                    "delay": 1,
                }
            )
            cls.env["coop.sourcing"].create(
                {
                    "partner_id": coop.id,
                    "product_tmpl_id": cls.product.product_tmpl_id.id,
                    "qty_available": 1000.0,
                    "target_share": 50.0,
                }
            )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Nadia Test",
                "city": "Agadir",
                "country_id": cls.env.ref("base.ma").id,
                "lang": "fr_FR" if cls.env["res.lang"]._get_code("fr_FR") else "en_US",
            }
        )
        cls.user_staff.groups_id |= (
            cls.env.ref("sales_team.group_sale_manager")
            | cls.env.ref("purchase.group_purchase_manager")
            | cls.env.ref("stock.group_stock_user")
            | cls.env.ref("account.group_account_manager")
        )
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.price = {cls.coop_a: 60.0, cls.coop_b: 55.0}

    # ------------------------------------------------------------------ helpers

    @classmethod
    def _account(cls, code):
        account = cls.env["account.account"].search(
            [("code", "=", code), *cls.env["account.account"]._check_company_domain(cls.company)]
        )
        assert account, code
        return account

    def _order(self, qty=10.0, price=None):
        line = {"product_id": self.product.id, "product_uom_qty": qty}
        if price is not None:
            line["price_unit"] = price
        return self.env["sale.order"].create(
            {"partner_id": self.customer.id, "order_line": [Command.create(line)]}
        )

    def _shares(self, order):
        """{cooperative: quantity} routing gave each cooperative, both non-zero."""
        shares = {
            coop: sum(self._po(order, coop).order_line.mapped("product_qty"))
            for coop in (self.coop_a, self.coop_b)
        }
        self.assertTrue(all(shares.values()), f"both cooperatives get a share: {shares}")
        ordered = sum(order.order_line.mapped("product_uom_qty"))
        self.assertAlmostEqual(sum(shares.values()), ordered)
        return shares

    def _po(self, order, coop):
        return order.coop_purchase_ids.filtered(
            lambda po: po.partner_id == coop and po.state != "cancel"
        )

    def _validate(self, pickings):
        for picking in pickings.filtered(lambda p: p.state not in ("done", "cancel")):
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
            picking.move_ids.picked = True
            picking.button_validate()

    def _route_and_receive(self, order):
        """Confirm the order, let both cooperatives accept, receive their goods."""
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        order._coop_demo_answer("accept")
        pos = order.coop_purchase_ids.filtered(lambda po: po.state == "purchase")
        self._validate(pos.picking_ids)
        return pos

    def _delivered_order(self, qty=10.0):
        """A routed order whose goods were received from the cooperatives and delivered."""
        order = self._order(qty)
        self._route_and_receive(order)
        self._validate(order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing"))
        self.assertEqual(order.order_line.qty_delivered, qty)
        return order

    def _shop_cod_payment(self, order):
        """The shop's cash on delivery payment of ``order``, pending as the checkout leaves
        it until the courier's cash is collected."""
        tx = cod_transaction(self.env, order)
        tx._set_pending()
        self.assertEqual(order.coop_cod_transaction_id, tx, "Record Cash Collection shows")
        return tx

    def _bill(self, po, date=None):
        po.action_create_invoice()
        bill = po.invoice_ids.filtered(lambda m: m.state == "draft")
        bill.invoice_date = date or self.today
        bill.action_post()
        return bill

    @staticmethod
    def _printed_text(html):
        """The text of a rendered report (HTML bytes), spaces collapsed: what it prints, also
        of the Arabic laid out run by run (``stock.lot._coop_rtl_html``)."""
        body = etree.fromstring(html, etree.HTMLParser()).find("body")
        return " ".join("".join(body.itertext()).split())

    def _quick_bill(self, coop, amount, date=None, post=True):
        """A vendor bill of ``amount`` untaxed (no VAT) from ``coop``."""
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": coop.id,
                "invoice_date": date or self.today,
                "date": date or self.today,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        if post:
            bill.action_post()
        return bill

    def _lines_by_account(self, moves):
        """{account code: balance} over ``moves``."""
        result = {}
        for line in moves.line_ids:
            result[line.account_id.code] = result.get(line.account_id.code, 0.0) + line.balance
        return {code: round(balance, 2) for code, balance in result.items() if balance}

    def assertBalanced(self, moves):
        for move in moves:
            self.assertAlmostEqual(
                sum(move.line_ids.mapped("debit")),
                sum(move.line_ids.mapped("credit")),
                places=2,
                msg=f"{move.display_name} is not balanced",
            )
            self.assertEqual(move.state, "posted", move.display_name)
