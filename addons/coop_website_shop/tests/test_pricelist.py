from odoo.addons.website.tools import MockRequest
from odoo.tests import tagged

from .common import CoopShopCase


@tagged("post_install", "-at_install")
class TestPricelists(CoopShopCase):
    def test_pricelist_follows_the_country(self):
        self.assertEqual(
            self.user_customer_fr.partner_id.property_product_pricelist, self.pricelist_eur
        )
        self.assertEqual(
            self.user_customer_ma.partner_id.property_product_pricelist, self.pricelist_mad
        )
        germany = self.env["res.partner"].create(
            {"name": "B", "country_id": self.env.ref("base.de").id}
        )
        self.assertEqual(germany.property_product_pricelist, self.pricelist_eur)
        website = self.website.with_user(self.user_customer_fr)
        with MockRequest(website.env, website=website):
            self.assertEqual(website.pricelist_id, self.pricelist_eur)
            self.assertEqual(website.currency_id, self.env.ref("base.EUR"))
            selectable = website.get_pricelist_available(show_visible=True)
            self.assertIn(self.pricelist_mad, selectable, "the selector offers both currencies")
            self.assertIn(self.pricelist_eur, selectable)

    def test_euro_offered_once_it_has_a_rate(self):
        """Without a rate of the euro, Odoo would sell a 150 DH product for 149.99 €."""
        eur = self.env.ref("base.EUR")
        self.env["res.currency.rate"].search([("currency_id", "=", eur.id)]).unlink()
        website = self.website.with_user(self.user_customer_fr)
        with MockRequest(website.env, website=website):
            selectable = website.get_pricelist_available(show_visible=True)
            self.assertIn(self.pricelist_mad, selectable)
            self.assertNotIn(self.pricelist_eur, selectable)
            self.assertFalse(self.pricelist_eur._is_available_on_website(website))
            self.assertEqual(website.pricelist_id, self.pricelist_mad, "her default falls back")
        self.env["res.currency.rate"].create(
            {"currency_id": eur.id, "rate": 0.092, "company_id": self.env.company.id}
        )
        website.invalidate_recordset()
        with MockRequest(website.env, website=website):
            self.assertIn(self.pricelist_eur, website.get_pricelist_available(show_visible=True))
            self.assertTrue(self.pricelist_eur._is_available_on_website(website))

    def test_rounding_of_each_currency(self):
        product = self._create_shop_product("Odd price", 133.3, self.coop_a).product_variant_id
        mad = self.pricelist_mad._get_product_price(product, 1.0)
        self.assertEqual(mad, round(mad), "whole dirhams")
        self.assertAlmostEqual(mad, 133.0)
        eur = self.pricelist_eur._get_product_price(product, 1.0)
        self.assertIn(round(eur * 100) % 100, (49, 99), "euro prices end in .49 or .99")
        self.assertAlmostEqual(eur, 13.49, places=2)
