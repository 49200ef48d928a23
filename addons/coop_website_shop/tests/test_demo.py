"""The demo data of the storefront, as loaded in the demo database."""

import base64

from odoo import Command
from odoo.addons.website.tools import MockRequest
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestDemoData(HttpCase):
    def test_wire_transfer_lists_the_gie_bank_account(self):
        account = self.env.ref("coop_website_shop.bank_account_gie")
        transfer = self.env.ref("payment.payment_provider_transfer")
        self.assertEqual(account.partner_id, self.env.ref("base.main_company").partner_id)
        self.assertEqual(account.bank_id.country, self.env.ref("base.ma"))
        for lang in ("fr_FR", "ar_001", "en_US"):
            message = transfer.with_context(lang=lang).pending_msg
            # the RIB, and what a customer paying from France needs: its IBAN, the BIC
            for text in (account.acc_number, "MA64 0072 7000 0123 4567 8900 1235", "BCMAMAMC"):
                self.assertIn(text, message, f"in {lang}")
        # the instructions in each language of the shop, not the French of the demo's loading
        self.assertIn("Compte bancaire", transfer.with_context(lang="fr_FR").pending_msg)
        self.assertIn("Bank Account", transfer.with_context(lang="en_US").pending_msg)
        self.assertIn("الحساب البنكي", transfer.with_context(lang="ar_001").pending_msg)

    def test_the_shop_shows_the_gie_logo(self):
        """Not Odoo's "YourLogo" placeholder."""
        website = self.env.ref("website.default_website")
        self.assertNotEqual(website.logo, website._default_logo())
        self.assertIn(b"GIE Oujane", base64.b64decode(website.logo))

    def test_cooperative_products_have_shop_categories(self):
        products = self.env["product.template"].search(
            [("coop_sourced", "=", True), ("is_published", "=", True)]
        )
        self.assertTrue(products)
        for product in products:
            self.assertTrue(product.public_categ_ids, product.display_name)
        oils = self.env.ref("coop_website_shop.public_category_oils")
        self.assertIn(self.env.ref("coop_gie.product_argan_oil_food"), oils.product_tmpl_ids)
        self.assertEqual(oils.with_context(lang="fr_FR").name, "Huiles")
        self.authenticate(None, None)
        self.opener.cookies["frontend_lang"] = "fr_FR"
        html = self.url_open("/cooperatives").text
        self.assertIn(f'<option value="{oils.id}">Huiles</option>', html, "a product filter")
        html = self.url_open(f"/cooperatives?family={oils.id}").text
        self.assertIn(self.env.ref("coop_gie.coop_taoutemet").coop_website_url, html)

    def test_shop_categories_are_the_gie_families(self):
        """Not Odoo's furniture demo categories, with nothing to sell."""
        categories = self.env["product.public.category"].search([])
        self.assertEqual(len(categories), 6)
        for category in categories:
            self.assertTrue(category.product_tmpl_ids.filtered("is_published"), category.name)

    def test_shop_orders_are_followed_by_central_staff(self):
        """Routing's to-dos of a shop order (what is left to route) go to central staff,
        the leader of the website's sales team, not to the administrator."""
        staff = self.env.ref("coop_gie.user_staff")
        website = self.env.ref("website.default_website")
        self.assertEqual(website.salesteam_id.user_id, staff)
        partner = self.env["res.partner"].create({"name": "Demo shop customer"})
        with MockRequest(self.env, website=website):
            values = website._prepare_sale_order_values(partner)
        order = self.env["sale.order"].create(values)
        self.assertEqual(order._coop_staff_user(), staff)

    def test_products_weigh_what_they_ship(self):
        """The delivery methods of the demo go by weight: each product weighs its bottle,
        jar or pack, so that a 10 kg order pays more than a jar and the 30 kg limit
        applies."""
        products = self.env["product.template"].search(
            [("coop_sourced", "=", True), ("is_published", "=", True)]
        )
        self.assertEqual(len(products), 8)
        self.assertFalse(products.filtered(lambda p: not p.weight), "every product has one")
        self.assertFalse(products.filtered("coop_weight_missing"))
        olive = self.env.ref("coop_gie.product_olive_oil").product_variant_id
        amlou = self.env.ref("coop_gie.product_amlou").product_variant_id
        carrier = self.env.ref("coop_website_shop.carrier_international_fr")
        customer = self.env["res.partner"].create(
            {"name": "Demo customer in Lyon", "country_id": self.env.ref("base.fr").id}
        )

        def rate(product, quantity):
            order = self.env["sale.order"].create(
                {
                    "partner_id": customer.id,
                    "pricelist_id": self.env.ref("coop_website_shop.pricelist_mad").id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": quantity})
                    ],
                }
            )
            return carrier.rate_shipment(order)

        self.assertEqual(rate(amlou, 1)["price"], 160, "a jar: the first rate (1 kg)")
        self.assertEqual(rate(olive, 10)["price"], 695, "13 kg: 240 + 35 a kg")
        self.assertFalse(rate(olive, 50)["success"], "50 L of olive oil weigh over 30 kg")

    def test_homepage_of_the_gie(self):
        """Not Odoo's empty page: the GIE's promise, the way to the shop and to the
        cooperatives, the families of products and how a batch is traced, in the language
        of the visitor."""
        self.authenticate(None, None)
        self.opener.cookies["frontend_lang"] = "fr_FR"
        oils = self.env.ref("coop_website_shop.public_category_oils")
        taoutemet = self.env.ref("coop_gie.coop_taoutemet")
        for prefix, texts in (
            ("", ("Les produits des coopératives de femmes d’Oujane", "Huiles", "code QR")),
            ("/ar", ("منتجات التعاونيات النسائية في أوجان", "الزيوت", "رمز QR")),
            ("/en", ("The products of the women’s cooperatives of Oujane", "Oils", "QR code")),
        ):
            html = self.url_open(prefix + "/").text
            for text in texts:
                self.assertIn(text, html, prefix)
            for path in ("/shop", "/cooperatives", taoutemet.coop_website_url):
                self.assertIn(f'href="{prefix}{path}"', html, prefix)
            # the slug of the name in the page's language ("huiles-49"; "49" in Arabic)
            self.assertRegex(html, rf'href="{prefix}/shop/category/([\w-]+-)?{oils.id}"', prefix)
        html = self.url_open("/ar/").text
        for english in ("Visit the shop", "Traced from the cooperative to you", "Order now"):
            self.assertNotIn(english, html)
