from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.addons.website.tools import MockRequest
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import CoopShopCase


@tagged("post_install", "-at_install")
class TestCatalog(CoopShopCase):
    def test_sellable_follows_cooperative_eligibility(self):
        self.assertTrue(self.product_oil.coop_sellable)
        self.assertTrue(self.product_plain.coop_sellable, "products not made by cooperatives")
        self.assertFalse(self.product_soap.coop_sellable, "its only cooperative is not eligible")
        coop_sourced_without_vendor = self._create_shop_product("Orphan", 10.0, None)
        coop_sourced_without_vendor.coop_sourced = True
        self.assertFalse(coop_sourced_without_vendor.coop_sellable)

        # The mandatory certification of coop A expires: its products are no longer sold.
        self.cert_a.date_to = self.today - timedelta(days=1)
        self.assertFalse(self.coop_a.coop_eligible)
        self.assertFalse(self.product_oil.coop_sellable)
        # An eligible cooperative starts making it: sold again.
        self.env["product.supplierinfo"].create(
            {"partner_id": self.coop_b.id, "product_tmpl_id": self.product_oil.id}
        )
        self.assertTrue(self.product_oil.coop_sellable)

    def test_sellable_follows_the_certifications_routing_requires(self):
        """A product requiring a certification (organic) is sold only while one of its
        makers holds it for the product: else routing could give its orders to nobody."""
        organic = self.env.ref("coop_gie.cert_type_organic")
        self.product_oil.coop_required_certification_type_ids = organic
        self.assertFalse(self.product_oil.coop_sellable, "coop A is not certified organic")
        self.assertFalse(self.product_oil.product_variant_id._is_add_to_cart_allowed())
        with MockRequest(self.env, website=self.website):
            domain = self.website.sale_product_domain()
        found = self.env["product.template"].search([*domain, ("id", "=", self.product_oil.id)])
        self.assertFalse(found, "not in the shop")
        # certified organic for another of her products: not for this one
        cert = self._add_certification(
            self.coop_a, organic, product_tmpl_ids=self.product_amlou.ids
        )
        self.assertFalse(self.product_oil.coop_sellable)
        cert.product_tmpl_ids = [Command.link(self.product_oil.id)]
        self.assertTrue(self.product_oil.coop_sellable)
        # pending review, or expired: routing would not give her the order
        cert.state = "pending"
        self.assertFalse(self.product_oil.coop_sellable)
        cert.state = "valid"
        self.assertTrue(self.product_oil.coop_sellable)
        cert.date_to = self.today - timedelta(days=1)
        self.assertFalse(self.product_oil.coop_sellable)
        # another maker, certified organic for all her products
        self.env["product.supplierinfo"].create(
            {"partner_id": self.coop_b.id, "product_tmpl_id": self.product_oil.id}
        )
        self.assertFalse(self.product_oil.coop_sellable)
        self._add_certification(self.coop_b, organic)
        self.assertTrue(self.product_oil.coop_sellable)
        self.product_oil.coop_required_certification_type_ids = organic | self.label_type
        self.assertFalse(self.product_oil.coop_sellable, "coop B holds organic, not the label")

    def test_sellable_follows_the_calendar_of_required_certifications(self):
        """The daily job stops selling a product whose only organic maker's certification
        ended yesterday (nothing was written, the date moved)."""
        organic = self.env.ref("coop_gie.cert_type_organic")
        self.product_oil.coop_required_certification_type_ids = organic
        self._add_certification(self.coop_a, organic, days_valid=0)
        self.assertTrue(self.product_oil.coop_sellable)
        with freeze_time(self.today + timedelta(days=1)):
            self.env["coop.membership"]._cron_daily()
            self.assertTrue(self.coop_a.coop_eligible, "her mandatory certification is valid")
            self.assertFalse(self.product_oil.coop_sellable)
            self.assertTrue(self.product_amlou.coop_sellable)

    def test_shop_domain_hides_products_not_sold(self):
        ours = self.product_oil | self.product_amlou | self.product_soap | self.product_plain
        with MockRequest(self.env, website=self.website):
            domain = self.website.sale_product_domain()
        found = self.env["product.template"].search([*domain, ("id", "in", ours.ids)])
        self.assertEqual(found, ours - self.product_soap)

    def test_badges_show_eligible_cooperatives_and_their_labels(self):
        ours = self.product_oil | self.product_amlou | self.product_soap | self.product_plain
        badges = ours._coop_shop_badges()
        self.assertEqual(badges[self.product_oil.id][0], self.coop_a)
        self.assertEqual(badges[self.product_oil.id][1], self.label_type)
        self.assertFalse(badges[self.product_soap.id][0], "non eligible cooperatives hidden")
        self.assertFalse(badges[self.product_plain.id][0])
        self.assertFalse(badges[self.product_plain.id][1])

        # A label restricted to some products only shows on them.
        self.cert_label_a.product_tmpl_ids = [Command.set(self.product_amlou.ids)]
        self.env.invalidate_all()
        badges = ours._coop_shop_badges()
        self.assertFalse(badges[self.product_oil.id][1])
        self.assertEqual(badges[self.product_amlou.id][1], self.label_type)
        # An expired label is not shown.
        self.cert_label_a.date_to = self.today - timedelta(days=1)
        self.env.invalidate_all()
        self.assertFalse(ours._coop_shop_badges()[self.product_amlou.id][1])

    def _labels_shown(self, product):
        self.env.invalidate_all()
        return product._coop_shop_badges()[product.id][1]

    def _label_filter(self, label, coop=None):
        ours = self.product_oil | self.product_amlou | self.product_soap | self.product_plain
        domain = self.env["coop.shop.filter"]._shop_filter_domain(
            coop_id=coop and coop.id, label_id=label.id
        )
        return self.env["product.template"].search([*domain, ("id", "in", ours.ids)])

    def test_label_shown_only_when_every_routable_maker_holds_it(self):
        organic = self.env.ref("coop_gie.cert_type_organic")
        # Two makers, only coop A labelled: whoever prepares the order, no promise.
        self.env["product.supplierinfo"].create(
            {"partner_id": self.coop_b.id, "product_tmpl_id": self.product_oil.id}
        )
        self.assertEqual(
            self.product_oil._coop_shop_badges()[self.product_oil.id][0],
            (self.coop_a | self.coop_b),
        )
        self.assertFalse(self._labels_shown(self.product_oil))
        self.assertEqual(self._labels_shown(self.product_amlou), self.label_type)
        self.assertEqual(self._label_filter(self.label_type), self.product_amlou)
        self.assertFalse(self._label_filter(self.label_type, self.coop_b))
        self.assertEqual(
            self.env["product.template"].search(
                [("coop_label_type_ids", "in", self.label_type.ids)]
            )
            & self.product_oil,
            self.env["product.template"],
        )

        # Both makers labelled: the label is shown and found.
        cert_label_b = self._add_certification(self.coop_b, self.label_type)
        self.assertEqual(self._labels_shown(self.product_oil), self.label_type)
        self.assertEqual(self._label_filter(self.label_type), self.product_oil | self.product_amlou)
        self.assertEqual(self._label_filter(self.label_type, self.coop_b), self.product_oil)

        # A required certification only coop A holds (for this product): routing only gives
        # the order to coop A, whose labels are shown.
        cert_label_b.date_to = self.today - timedelta(days=1)
        self.product_oil.coop_required_certification_type_ids = organic
        self.assertFalse(self._labels_shown(self.product_oil), "nobody can be routed the order")
        self._add_certification(self.coop_a, organic, product_tmpl_ids=self.product_oil.ids)
        self.assertEqual(self._labels_shown(self.product_oil), self.label_type | organic)
        # nor is coop B shown as making what she is never given
        self.assertEqual(self.product_oil._coop_shop_badges()[self.product_oil.id][0], self.coop_a)
        self.assertEqual(self._label_filter(self.label_type), self.product_oil | self.product_amlou)
        self.assertEqual(self._label_filter(organic), self.product_oil)
        self.assertFalse(
            self._label_filter(self.label_type, self.coop_b),
            "coop B does not hold the label: none of her products for it",
        )
        self.assertEqual(
            self._label_filter(self.label_type, self.coop_a), self.product_oil | self.product_amlou
        )

    def test_badges_cost_no_query_per_product(self):
        small = self.product_oil | self.product_amlou
        large = small | self.env["product.template"].create(
            [
                {
                    "name": f"Bulk product {i}",
                    "coop_sourced": True,
                    "is_published": True,
                    "seller_ids": [Command.create({"partner_id": coop.id})],
                }
                for i, coop in enumerate([self.coop_a, self.coop_b] * 11)
            ]
        )
        # required certifications of some products: still no query per product
        organic = self.env.ref("coop_gie.cert_type_organic")
        large[::3].coop_required_certification_type_ids = organic | self.cert_type_onssa
        self._add_certification(self.coop_b, organic)
        self.env.flush_all()
        self.env.invalidate_all()
        cr = self.env.cr
        before = cr.sql_log_count
        small._coop_shop_badges()
        small_count = cr.sql_log_count - before
        self.env.invalidate_all()
        with self.assertQueryCount(small_count):
            badges = large._coop_shop_badges()
        self.assertEqual(len(badges), 24)

    def test_shop_filters(self):
        Filter = self.env["coop.shop.filter"]
        Template = self.env["product.template"]
        ours = self.product_oil | self.product_amlou | self.product_soap | self.product_plain

        def filtered(**kwargs):
            return Template.search([*Filter._shop_filter_domain(**kwargs), ("id", "in", ours.ids)])

        made_by_a = self.product_oil | self.product_amlou
        self.assertEqual(filtered(coop_id=self.coop_a.id), made_by_a)
        self.assertFalse(filtered(coop_id=self.coop_c.id), "non eligible cooperative")
        self.assertEqual(filtered(region_id=self.region_gon.id), made_by_a)
        self.assertFalse(filtered(region_id=self.region_sm.id))
        self.assertEqual(filtered(label_id=self.label_type.id), made_by_a)
        self.assertEqual(filtered(), ours)
        self.assertEqual(
            Template.search(
                [("coop_label_type_ids", "in", self.label_type.ids), ("id", "in", ours.ids)]
            ),
            made_by_a,
        )

        choices = Filter._shop_filter_choices()
        self.assertIn(self.coop_a, choices["coops"])
        self.assertIn(self.coop_b, choices["coops"])
        self.assertNotIn(self.coop_c, choices["coops"])
        self.assertIn(self.label_type, choices["labels"])
        self.assertIn(self.region_gon, choices["regions"])

    def test_label_filter_offers_only_labels_shown_on_products(self):
        """A visitor choosing a label in the filter finds the products showing it: a label
        that no product of the shop shows is not offered."""
        fair = self.env["coop.certification.type"].create(
            {"name": "Test Fair Trade", "code": "TFAIR", "is_quality_label": True}
        )
        Filter = self.env["coop.shop.filter"].with_user(self.env.ref("base.public_user"))

        def offered():
            self.env.invalidate_all()
            return Filter._shop_filter_choices()["labels"]

        self.assertNotIn(fair, offered())
        self._add_certification(self.coop_a, fair, product_tmpl_ids=self.product_oil.ids)
        self.assertIn(fair, offered(), "shown on the oil, which only coop A makes")
        self.env["product.supplierinfo"].create(
            {"partner_id": self.coop_b.id, "product_tmpl_id": self.product_oil.id}
        )
        self.assertNotIn(fair, offered(), "coop B may prepare the oil: shown on no product")
        self._add_certification(self.coop_b, fair)
        self.assertIn(fair, offered())
        self.assertEqual(self._label_filter(fair), self.product_oil)
        self.product_oil.is_published = False
        self.assertNotIn(fair, offered(), "only shown on a product the shop does not sell")

    def test_cart_refuses_products_not_sold(self):
        order = self.env["sale.order"].create(
            {"partner_id": self.user_customer_ma.partner_id.id, "website_id": self.website.id}
        )
        with MockRequest(self.env, website=self.website, sale_order_id=order.id):
            order._cart_update(product_id=self.product_oil.product_variant_id.id, add_qty=1)
            with self.assertRaisesRegex(UserError, "not sold at the moment"):
                order._cart_update(product_id=self.product_soap.product_variant_id.id, add_qty=1)
        self.assertEqual(order.order_line.product_id, self.product_oil.product_variant_id)
        self.assertTrue(order._is_cart_ready())
        self.assertFalse(self.product_soap.product_variant_id._is_add_to_cart_allowed())

        # Its cooperative loses eligibility while the product is in the cart: no payment.
        self.cert_a.date_to = self.today - timedelta(days=1)
        self.assertFalse(order._is_cart_ready())


@tagged("post_install", "-at_install")
class TestWeightOnTheShop(CoopShopCase):
    """Goods on the shop without a weight ship as weighing nothing when delivery goes by
    weight: staff see it on the product and find them in the list."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the delivery methods of this test only (the demo's go by weight)
        (cls.env["delivery.carrier"].search([]) - cls.carrier_ma - cls.carrier_fr).write(
            {"is_published": False}
        )
        cls.product_oil.weight = 0

    def _flagged(self, user=None, value=True):
        """The products of the fixture the list's filter finds."""
        self.env.invalidate_all()
        products = self.product_oil | self.product_amlou | self.product_soap | self.product_plain
        return (
            self.env["product.template"]
            .with_user(user or self.env.user)
            .search([("id", "in", products.ids), ("coop_weight_missing", "=", value)])
        )

    def _missing(self, product):
        """What the form says (computed again: the delivery methods are no dependency)."""
        self.env.invalidate_all()
        return product.coop_weight_missing

    def _by_weight_carrier(self, **values):
        product = self.env["product.product"].create(
            {"name": "Post by weight", "type": "service", "sale_ok": False}
        )
        return self.env["delivery.carrier"].create(
            {
                "name": "Post by weight",
                "delivery_type": "base_on_rule",
                "product_id": product.id,
                "is_published": True,
                "price_rule_ids": [
                    Command.create(
                        {
                            "variable": "weight",
                            "operator": "<=",
                            "max_value": 30,
                            "list_base_price": 45,
                        }
                    )
                ],
                **values,
            }
        )

    def test_flagged_only_while_delivery_goes_by_weight(self):
        self.assertFalse(self._missing(self.product_oil), "fixed prices: no matter")
        self.assertFalse(self._flagged())
        carrier = self._by_weight_carrier()
        self.assertTrue(self._missing(self.product_oil))
        self.assertEqual(self._flagged(), self.product_oil, "the others weigh 0.5 kg")
        self.assertIn(self.product_amlou, self._flagged(value=False))
        self.assertNotIn(self.product_oil, self._flagged(value=False))
        carrier.is_published = False
        self.assertFalse(self._flagged())
        self.assertFalse(self._missing(self.product_oil))
        # a fixed price with a weight limit goes by weight too
        self.carrier_fr.max_weight = 30
        self.assertEqual(self._flagged(), self.product_oil)

    def test_only_goods_sold_on_the_shop_without_weight(self):
        self._by_weight_carrier()
        self.product_oil.weight = 0.45
        self.assertFalse(self._flagged())
        self.assertFalse(self._missing(self.product_oil))
        self.product_amlou.weight = 0
        self.assertEqual(self._flagged(), self.product_amlou)
        self.product_amlou.is_published = False
        self.assertFalse(self._flagged(), "not on the shop")
        self.product_amlou.is_published = True
        self.product_amlou.sale_ok = False
        self.assertFalse(self._flagged(), "not sold")
        self.product_amlou.write({"sale_ok": True, "is_storable": False, "type": "service"})
        self.assertFalse(self._flagged(), "a service is not shipped")
        self.assertFalse(self._missing(self.product_amlou))

    def test_staff_without_sales_rights_see_it(self):
        """The delivery methods are read for them: a warehouse user opens the product."""
        self._by_weight_carrier()
        user = new_test_user(self.env, login="weight_stock_user", groups="stock.group_stock_user")
        self.assertTrue(self.product_oil.with_user(user).coop_weight_missing)
        self.assertEqual(self._flagged(user), self.product_oil)
        arch = self.env["product.template"].with_user(user).get_view(view_type="form")["arch"]
        self.assertIn("o_coop_weight_missing", arch)
