"""Fixture of the storefront tests, on top of coop_gie's ``CoopCase``.

* ``coop_a`` (Guelmim-Oued Noun) and ``coop_b`` (Souss-Massa): eligible cooperatives;
  ``coop_a`` holds the quality label PGI Argane (``cert_label_a``);
* ``coop_c``: a cooperative that is not an active member, hence not eligible;
* ``product_oil`` and ``product_amlou`` made by ``coop_a``, ``product_soap`` by ``coop_c``
  (not sold), ``product_plain`` not made by cooperatives; all published;
* cash on delivery (``provider_cod``, limit 3000) and bank transfer enabled;
* ``carrier_ma`` / ``carrier_fr``: fixed-price delivery methods for Morocco / France;
* the website in French (default), Arabic and English; MAD and EUR pricelists;
* portal customers ``customer_ma`` (Guelmim) and ``customer_fr`` (Paris).
"""

from odoo import Command, fields
from odoo.addons.coop_gie.tests.common import CoopCase
from odoo.tests import new_test_user


def cod_transaction(env, order, **values):
    """A cash on delivery payment of ``order`` as the shop's checkout makes it (draft)."""
    return (
        env["payment.transaction"]
        .sudo()  # sudo: test set-up
        .create(
            {
                "provider_id": env.ref("coop_website_shop.payment_provider_cod").id,
                "payment_method_id": env.ref(
                    "coop_website_shop.payment_method_cash_on_delivery"
                ).id,
                "amount": order.amount_total,
                "currency_id": order.currency_id.id,
                "partner_id": order.partner_invoice_id.id,
                "reference": f"COD-{order.name}",
                "operation": "online_redirect",
                "sale_order_ids": [Command.set(order.ids)],
                **values,
            }
        )
    )


class CoopShopCase(CoopCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.website = env.ref("website.default_website")
        cls.country_ma = env.ref("base.ma")
        cls.country_fr = env.ref("base.fr")
        cls.region_gon = env.ref("coop_gie.state_ma_10")
        cls.region_sm = env.ref("coop_gie.state_ma_09")
        cls.lang_fr = env["res.lang"]._activate_lang("fr_FR")
        cls.lang_ar = env["res.lang"]._activate_lang("ar_001")
        cls.lang_en = env["res.lang"]._activate_lang("en_US")
        cls.website.write(
            {
                "language_ids": [Command.set((cls.lang_fr | cls.lang_ar | cls.lang_en).ids)],
                "default_lang_id": cls.lang_fr.id,
            }
        )
        cls.coop_a.write(
            {
                "state_id": cls.region_gon.id,
                "city": "Oujane",
                "coop_member_count": 50,
                "coop_women_count": 42,
            }
        )
        cls.coop_b.write({"state_id": cls.region_sm.id})
        cls.coop_c = cls._create_cooperative("Coopérative Test C", "CPC")
        cls.label_type = env.ref("coop_gie.cert_type_igp_argane")
        cls.cert_label_a = cls._add_certification(cls.coop_a, cls.label_type)
        cls.product_oil = cls._create_shop_product("Test Argan Oil Food", 150.0, cls.coop_a)
        cls.product_amlou = cls._create_shop_product("Test Amlou", 90.0, cls.coop_a)
        cls.product_soap = cls._create_shop_product("Test Soap Not Sold", 30.0, cls.coop_c)
        cls.product_plain = cls._create_shop_product("Test Plain Mug", 50.0, None)

        cls.provider_cod = env.ref("coop_website_shop.payment_provider_cod")
        cls.provider_cod.write({"state": "enabled", "is_published": True, "maximum_amount": 3000})
        cls.provider_transfer = env.ref("payment.payment_provider_transfer")
        cls.provider_transfer.write({"state": "enabled", "is_published": True})
        cls.pricelist_mad = env.ref("coop_website_shop.pricelist_mad")
        cls.pricelist_eur = env.ref("coop_website_shop.pricelist_eur")
        # Rates of today: 1 MAD = 0.1 EUR (the company works in MAD).
        rate_date = fields.Date.today()  # the server's date, as the conversions use
        env["res.currency.rate"].create(
            [
                {"currency_id": env.ref("base.MAD").id, "rate": 1.0, "name": rate_date},
                {"currency_id": env.ref("base.EUR").id, "rate": 0.1, "name": rate_date},
            ]
        )
        # Pricelists of other modules' demo data must not compete with ours.
        (env["product.pricelist"].search([]) - cls.pricelist_mad - cls.pricelist_eur).write(
            {"selectable": False, "country_group_ids": [Command.clear()]}
        )
        cls.carrier_ma = cls._create_carrier("Test Post Morocco", 30.0, cls.country_ma)
        cls.carrier_fr = cls._create_carrier("Test Parcel France", 200.0, cls.country_fr)

        cls.user_customer_ma = new_test_user(
            env,
            login="shop_customer_ma",
            password="shop_customer_ma",
            groups="base.group_portal",
            name="Fatima Test",
        )
        cls.user_customer_ma.partner_id.write(cls._address("Guelmim", "81000", cls.country_ma))
        cls.user_customer_fr = new_test_user(
            env,
            login="shop_customer_fr",
            password="shop_customer_fr",
            groups="base.group_portal",
            name="Samira Test",
        )
        cls.user_customer_fr.partner_id.write(cls._address("Paris", "75011", cls.country_fr))

    @classmethod
    def _create_shop_product(cls, name, price, coop):
        values = {
            "name": name,
            "list_price": price,
            "type": "consu",
            "is_storable": True,
            "is_published": True,
            "website_sequence": 1,
            "weight": 0.5,
            "taxes_id": [Command.clear()],
        }
        if coop:
            values.update(
                coop_sourced=True,
                seller_ids=[Command.create({"partner_id": coop.id, "price": price / 2})],
            )
        return cls.env["product.template"].create(values)

    @classmethod
    def _create_carrier(cls, name, price, country):
        product = cls.env["product.product"].create(
            {"name": name, "type": "service", "list_price": price, "sale_ok": False}
        )
        return cls.env["delivery.carrier"].create(
            {
                "name": name,
                "delivery_type": "fixed",
                "fixed_price": price,
                "product_id": product.id,
                "country_ids": [Command.set(country.ids)],
                "is_published": True,
                "sequence": 1,
            }
        )

    @classmethod
    def _address(cls, city, zip_code, country):
        return {
            "street": "12 Rue des Arganiers",
            "city": city,
            "zip": zip_code,
            "country_id": country.id,
            "phone": "+212600000001",
            "email": f"{city.lower()}@example.com",
        }

    def _make_order(self, partner, products, shipping=None, pricelist=None):
        """A website order (cart) of one unit of each product, with a delivery method."""
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "partner_shipping_id": (shipping or partner).id,
                "website_id": self.website.id,
                "order_line": [
                    Command.create({"product_id": p.product_variant_id.id, "product_uom_qty": 1})
                    for p in products
                ],
                **({"pricelist_id": pricelist.id} if pricelist else {}),
            }
        )
        carrier = (
            self.carrier_ma
            if order.partner_shipping_id.country_id == self.country_ma
            else (self.carrier_fr)
        )
        order.set_delivery_line(carrier, carrier.fixed_price)
        return order
