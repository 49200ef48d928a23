from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import CoopShopCase


@tagged("post_install", "-at_install")
class TestPortalOrder(HttpCase, CoopShopCase):
    """The customer's order page says who prepared each item and links the lot's trace."""

    def test_order_page_shows_cooperatives_and_trace_links(self):
        product = self._create_shop_product("Test Traced Oil", 120.0, self.coop_a)
        product.tracking = "lot"
        variant = product.product_variant_id
        lot = self.env["stock.lot"].create(
            {"name": "CPA-250101-1", "product_id": variant.id, "company_id": self.env.company.id}
        )
        lot.coop_partner_id = self.coop_a
        lot.coop_published = True
        stock = self.env.ref("stock.stock_location_stock")
        self.env["stock.quant"]._update_available_quantity(variant, stock, 5, lot_id=lot)

        # B makes it too, but has none now: the order goes to A alone
        product.seller_ids = [Command.create({"partner_id": self.coop_b.id, "price": 50})]
        self.env["coop.sourcing"].create(
            [
                {"partner_id": coop.id, "product_tmpl_id": product.id, "qty_available": qty}
                for coop, qty in ((self.coop_a, 10), (self.coop_b, 0))
            ]
        )
        customer = self.user_customer_ma
        order = self._make_order(customer.partner_id, product | self.product_amlou)
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        info = order.order_line._coop_portal_info()
        line_oil = order.order_line.filtered(lambda line: line.product_id == variant)
        self.assertEqual(
            info[line_oil.id]["coops"], self.coop_a, "from the vendors before delivery"
        )
        self.assertEqual(info[line_oil.id]["lots"], [], "no lot before delivery")

        for product_variant in order.order_line.product_id.filtered("is_storable") - variant:
            self.env["stock.quant"]._update_available_quantity(product_variant, stock, 5)
        picking = order.picking_ids
        picking.action_assign()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            if move.product_id == variant:  # also when routed (MTO), nothing reserved yet
                move.move_line_ids.lot_id = lot
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")

        info = order.order_line._coop_portal_info()
        self.assertEqual(info[line_oil.id]["coops"], self.coop_a)
        ((lot_name, url),) = info[line_oil.id]["lots"]
        self.assertEqual(lot_name, "CPA-250101-1")
        self.assertTrue(url, "the trace link of a published lot")

        self.authenticate(customer.login, customer.login)
        html = self.url_open(f"/my/orders/{order.id}").text
        self.assertIn("o_coop_portal_coops", html)
        self.assertIn(self.coop_a.coop_website_url, html)
        self.assertIn("CPA-250101-1", html)
        self.assertIn(url.replace("&", "&amp;"), html)

    def test_no_cooperative_named_for_a_line_no_order_feeds_any_more(self):
        product = self._create_shop_product("Test Dropped Oil", 120.0, self.coop_a)
        self.env["coop.sourcing"].create(
            {"partner_id": self.coop_a.id, "product_tmpl_id": product.id, "qty_available": 5}
        )
        order = self._make_order(self.user_customer_ma.partner_id, product)
        order.action_confirm()
        line = order.order_line.filtered(lambda ln: ln.product_template_id == product)
        self.assertEqual(order.order_line._coop_portal_info()[line.id]["coops"], self.coop_a)
        line.product_uom_qty = 0  # the customer no longer wants it: her order is cancelled
        self.assertFalse(order.order_line._coop_portal_info()[line.id]["coops"])

    def test_order_page_says_prepared_once_a_cooperative_took_it(self):
        """A quotation, or an order her cooperative has not accepted yet, names who makes
        the product; "prepared by" only once she accepted it."""
        product = self._create_shop_product("Test Oil To Prepare", 120.0, self.coop_a)
        self.env["coop.sourcing"].create(
            {"partner_id": self.coop_a.id, "product_tmpl_id": product.id, "qty_available": 10}
        )
        order = self._make_order(self.user_customer_ma.partner_id, product)
        line = order.order_line.filtered(lambda ln: ln.product_template_id == product)
        self.authenticate(None, None)

        def page(lang="fr_FR"):
            self.opener.cookies["frontend_lang"] = lang
            html = self.url_open(order.get_portal_url()).text
            return html[html.index(product.name) :]

        def assert_made_by(state):
            info = order.order_line._coop_portal_info()[line.id]
            self.assertEqual(info["coops"], self.coop_a, state)
            self.assertFalse(info["preparing"], state)
            html = page()
            self.assertIn("o_coop_portal_makers", html, state)
            self.assertIn("Fabriqué par", html, state)
            self.assertNotIn("o_coop_portal_preparing", html, state)
            self.assertNotIn("Préparé par", html, state)
            self.assertIn("من صنع", page("ar_001"), state)

        order.action_quotation_sent()
        assert_made_by("a quotation")
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        po = self.env["purchase.order"].search([("coop_sale_order_id", "=", order.id)])
        self.assertEqual(po.coop_answer_state, "waiting")
        assert_made_by("waiting for her answer")

        self.assertTrue(po._coop_answer("accept", channel="staff"))
        self.assertEqual(order.order_line._coop_portal_info()[line.id]["preparing"], self.coop_a)
        html = page()
        self.assertIn("Préparé par", html)
        self.assertIn("o_coop_portal_preparing", html)
        self.assertNotIn("o_coop_portal_makers", html)
        self.assertIn(self.coop_a.coop_website_url, html)
        self.assertIn("أعدّته", page("ar_001"))

    def test_order_page_prices_as_in_the_shop(self):
        """The shop shows prices tax included: so do the lines of her order page (unit price
        and amount), as her cart did; the taxes by their label on invoices."""
        tax = self.env["account.tax"].create(
            {
                "name": "20% 80 Test",
                "invoice_label": "VAT 20%",
                "amount": 20,
                "type_tax_use": "sale",
            }
        )
        product = self._create_shop_product("Test Taxed Oil", 100.0, None)
        product.taxes_id = tax
        order = self._make_order(self.user_customer_ma.partner_id, product)
        line = order.order_line.filtered(lambda ln: ln.product_template_id == product)
        line.product_uom_qty = 2
        self.assertEqual((line.price_subtotal, line.price_total), (200, 240))
        self.authenticate(None, None)
        self.opener.cookies["frontend_lang"] = "en_US"

        def row():
            html = self.url_open(order.get_portal_url()).text
            start = html.index("Test Taxed Oil")
            return html[start : html.index("</tr>", start)]

        def amounts(html):
            return [
                amount
                for amount in ("100.00", "120.00", "200.00", "240.00")
                if f">{amount}<" in html.replace("\N{NO-BREAK SPACE}", "")
            ]

        self.website.show_line_subtotals_tax_selection = "tax_included"
        html = row()
        self.assertEqual(amounts(html), ["120.00", "240.00"])
        self.assertIn("VAT 20%", html)
        self.assertNotIn("20% 80 Test", html)
        self.website.show_line_subtotals_tax_selection = "tax_excluded"
        self.assertEqual(amounts(row()), ["100.00", "200.00"], "Odoo's way otherwise")
