from odoo.tests import HttpCase, tagged

from .common import CoopShopCase


@tagged("post_install", "-at_install")
class TestStorefrontTours(HttpCase, CoopShopCase):
    """Real Chromium: browse the cooperatives, buy two products of one of them."""

    def _last_order(self, user):
        return self.env["sale.order"].search(
            [("partner_id", "=", user.partner_id.id)], order="id desc", limit=1
        )

    def _assert_cod_order_confirmed(self, order):
        self.assertEqual(order.state, "sale", "cash on delivery: confirmed at once")
        self.assertEqual(
            order.order_line.filtered(lambda line: not line.is_delivery).product_template_id,
            self.product_oil | self.product_amlou,
        )
        tx = order.transaction_ids
        self.assertEqual(tx.provider_id, self.provider_cod)
        self.assertEqual(tx.state, "pending", "the cash is collected at the door")
        self.assertEqual(order.currency_id, self.env.ref("base.MAD"))

    def test_tour_cash_on_delivery_in_french(self):
        self.start_tour("/cooperatives", "coop_shop_cod_checkout", login="shop_customer_ma")
        self._assert_cod_order_confirmed(self._last_order(self.user_customer_ma))

    def test_tour_cash_on_delivery_in_arabic(self):
        self.user_customer_ma.lang = "ar_001"
        self.start_tour(
            "/ar/cooperatives", "coop_shop_cod_checkout_arabic", login="shop_customer_ma"
        )
        self._assert_cod_order_confirmed(self._last_order(self.user_customer_ma))

    def test_tour_arabic_checkout_says_when_delivery_is_priced_after_delivery(self):
        """A delivery method invoiced at its real cost (Odoo's "Real cost", which only
        shipping connectors offer; none of the demo's) has no price at checkout: Odoo's
        checkout says "Computed after delivery", which its Arabic leaves in English."""
        courier = self._create_carrier("Test Courier at Cost", 40.0, self.country_ma)
        courier.invoice_policy = "real"
        self.user_customer_ma.lang = "ar_001"
        self.start_tour(
            f"/ar{self.product_oil.website_url}",
            "coop_shop_arabic_delivery_at_real_cost",
            login="shop_customer_ma",
        )

    def test_tour_euros_for_france_without_cash_on_delivery(self):
        self.start_tour("/cooperatives", "coop_shop_eur_france", login="shop_customer_fr")
        order = self._last_order(self.user_customer_fr)
        self.assertEqual(order.pricelist_id, self.pricelist_eur)
        self.assertEqual(order.currency_id, self.env.ref("base.EUR"))
        self.assertEqual(order.transaction_ids.provider_id, self.provider_transfer)
        self.assertEqual(order.state, "sent", "waits for the bank transfer")

    def test_tour_diaspora_gift_billed_in_france_delivered_in_morocco(self):
        customer = self.user_customer_fr.partner_id
        family = self.env["res.partner"].create(
            {
                "name": "Mother in Guelmim",
                "type": "delivery",
                "parent_id": customer.id,
                **self._address("Guelmim", "81000", self.country_ma),
            }
        )
        self.start_tour("/cooperatives", "coop_shop_diaspora_gift", login="shop_customer_fr")
        order = self._last_order(self.user_customer_fr)
        self.assertEqual(order.partner_invoice_id, customer)
        self.assertEqual(order.partner_shipping_id, family)
        self.assertEqual(order.pricelist_id, self.pricelist_eur)
        self.assertEqual(order.carrier_id.country_ids, self.country_ma)
        self.assertEqual(order.transaction_ids.provider_id, self.provider_transfer)
        self.assertEqual(order.state, "sent", "waits for the bank transfer")


@tagged("post_install", "-at_install")
class TestArabicPortalOnPhone(HttpCase, CoopShopCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_her_arabic_order_page_fits_her_phone(self):
        # her account reads French; she switched the site to Arabic
        customer = self.user_customer_ma
        customer.lang = "fr_FR"
        order = self._make_order(customer.partner_id, self.product_amlou)
        order.action_confirm()
        self.start_tour(
            f"/ar/my/orders/{order.id}", "coop_shop_arabic_order_on_phone", login=customer.login
        )
