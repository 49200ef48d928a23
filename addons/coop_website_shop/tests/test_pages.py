import re
from contextlib import nullcontext
from unittest.mock import patch

from markupsafe import escape

from odoo import Command
from odoo.addons.website_sale.controllers.main import WebsiteSale
from odoo.tests import HttpCase, tagged

from ..controllers.shop import CoopWebsiteSale
from .common import CoopShopCase

PNG_1PX = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8"
    "z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestStorefrontPages(HttpCase, CoopShopCase):
    def setUp(self):
        super().setUp()
        self.authenticate(None, None)  # a visitor's session, bound to the test database
        self.opener.cookies["frontend_lang"] = "fr_FR"  # the default language: no redirection

    def _get(self, url, status=200, **kwargs):
        response = self.url_open(url, **kwargs)
        self.assertEqual(response.status_code, status, url)
        return response

    def test_header_and_footer_say_who_sells_and_how_to_reach_the_central(self):
        """Not Odoo's placeholder text and contacts: the GIE, and its company's own
        e-mail and phone, in the visitor's language."""
        company = self.env["website"].get_current_website().company_id
        company.partner_id.write({"email": "contact@gie-test.ma", "phone": "+212 528-872000"})
        html = self._get("/").text
        footer = html[html.index('id="footer"') :]
        name = str(escape(company.name))
        for text in ("contact@gie-test.ma", "+212 528-872000", name, "coopératives"):
            self.assertIn(text, footer)
        for placeholder in ("yourcompany.example.com", "555-555", "Nom de l'entreprise"):
            self.assertNotIn(placeholder, html)
        footer_ar = self._get("/ar").text.split('id="footer"', 1)[1]
        self.assertIn("تعاونيات", footer_ar)
        self.assertIn("contact@gie-test.ma", footer_ar)

    def test_prices_are_shown_with_their_taxes(self):
        """Consumers read what they pay: 180 DH before a VAT of 20 % reads 216 DH."""
        tax = self.env["account.tax"].create(
            {"name": "Test VAT 20", "amount": 20.0, "type_tax_use": "sale"}
        )
        product = self._create_shop_product("Test Taxed Amlou", 180.0, self.coop_a)
        product.taxes_id = tax
        for url in ("/shop?search=Test+Taxed", product.website_url, self.coop_a.coop_website_url):
            html = self._get(url).text
            self.assertIn("216,00", html, url)
            self.assertNotIn("180,00", html, url)

    def test_product_page_promises_what_the_gie_keeps(self):
        """Made to order: ready to ship once the slowest cooperative that may get the order
        has answered (24 h) and made it (her lead time); returns are agreed with the central.
        Not Odoo's "30-day money-back guarantee" nor "Shipping: 2-3 Business Days"."""
        self.env["ir.config_parameter"].set_param("coop_order_routing.answer_hours", 24)
        self.product_oil.seller_ids.delay = 3
        texts = {
            "": (
                "Fabriqué à la demande par les coopératives",
                "4\xa0jours",
                "Questions ou retours",
            ),
            "/ar": ("يُصنع حسب الطلب لدى التعاونيات", "4 أيام", "للأسئلة أو الإرجاع"),
            "/en": ("Made to order by the cooperatives", "4 days", "Questions or returns"),
        }
        odoo_promises = (
            "money-back",
            "Business Days",
            "satisfait ou remboursé",
            "jours ouvrables",
            "ضمان إرجاع الأموال",
            "أيام عمل",
        )
        for lang, expected in texts.items():
            html = self._get(lang + self.product_oil.website_url).text
            terms = html[html.index("o_coop_product_terms") :]
            terms = terms[: terms.index("</p>")]
            for text in expected:
                self.assertIn(text, terms, lang)
            self.assertIn(f'href="{lang}/contactus"', terms)
            for promise in odoo_promises:
                self.assertNotIn(promise, html, lang)
        self.product_oil.seller_ids.delay = 10
        self.assertIn("11 يومًا", self._get("/ar" + self.product_oil.website_url).text)
        # not made by cooperatives: nothing said of them
        html = self._get(self.product_plain.website_url).text
        self.assertIn("Questions ou retours", html)
        self.assertNotIn("Fabriqué à la demande", html)

    def test_product_page_links_the_terms_only_when_they_exist(self):
        """Odoo's /terms answers an error page unless the terms are a web page."""
        params = self.env["ir.config_parameter"]
        self.env.company.terms_type = "html"
        params.set_param("account.use_invoice_terms", True)
        self.assertIn('href="/terms"', self._get(self.product_oil.website_url).text)
        params.set_param("account.use_invoice_terms", False)
        self.assertNotIn('href="/terms"', self._get(self.product_oil.website_url).text)

    def test_cooperatives_page_lists_eligible_cooperatives(self):
        html = self._get("/cooperatives").text
        # shared links show the page's own, translated title
        self.assertIn('property="og:title" content="Nos coopératives"', html)
        self.assertIn('name="twitter:title" content="Nos coopératives"', html)
        self.assertIn('property="og:description" content="Les coopératives', html)
        html_ar = self._get("/ar/cooperatives").text
        self.assertIn('property="og:title" content="تعاونياتنا"', html_ar)
        self.assertIn(self.coop_a.coop_website_url, html)
        self.assertIn(self.coop_b.coop_website_url, html)
        self.assertNotIn(self.coop_c.coop_website_url, html, "not an active member")
        html = self._get(f"/cooperatives?region={self.region_gon.id}").text
        self.assertIn(self.coop_a.coop_website_url, html)
        self.assertNotIn(self.coop_b.coop_website_url, html)

    def test_cooperative_page(self):
        html = self._get(self.coop_a.coop_website_url).text
        label = self.label_type.with_context(lang="fr_FR").name
        for text in (self.product_oil.name, self.product_amlou.name, label):
            self.assertIn(text, html)
        self.assertNotIn(self.product_plain.name, html)
        self.assertIn(f'property="og:title" content="{self.coop_a.name}"', html)
        self.assertIn('name="description"', html)
        # A wrong slug is redirected to the canonical address.
        response = self._get(
            f"/cooperatives/old-name-{self.coop_a.id}", allow_redirects=False, status=301
        )
        self.assertTrue(response.headers["Location"].endswith(self.coop_a.coop_website_url))
        self._get(f"/cooperatives/{self.coop_a.id}/image")
        picture = self.env["ir.attachment"].create(
            {"name": "women.png", "datas": PNG_1PX, "mimetype": "image/png"}
        )
        other = picture.copy()
        self.coop_a.coop_picture_ids = [Command.set(picture.ids)]
        html = self._get(self.coop_a.coop_website_url).text
        self.assertIn(f"/cooperatives/{self.coop_a.id}/picture/{picture.id}", html)
        self._get(f"/cooperatives/{self.coop_a.id}/picture/{picture.id}")
        self._get(f"/cooperatives/{self.coop_a.id}/picture/{other.id}", status=404)
        self._get(f"/cooperatives/label/{self.label_type.id}/image")

    def test_pages_in_arabic_are_right_to_left(self):
        html = self._get("/ar" + self.coop_a.coop_website_url).text
        self.assertIn('lang="ar-001"', html)
        self.assertIn("o_rtl", html)
        self.assertIn("منتجات التعاونية", html, "our strings are translated")
        html = self._get("/en" + self.coop_a.coop_website_url).text
        self.assertIn('lang="en-US"', html)
        self.assertNotIn("o_rtl", html)

    def test_counts_are_grammatical_in_every_language(self):
        """Members are counted in words customers read ("11 members, including 3 women"),
        each noun agreeing with its number; the products are the value of a label
        ("Produits dans la boutique : 1"), never a number before a noun that would have to
        agree with it ("1 produits")."""
        self.coop_a.write({"coop_women_count": 3, "coop_member_count": 11})
        self.product_amlou.is_published = False  # one product left in the shop
        members = {
            "": "11 membres, dont 3 femmes",
            "/ar": "11 عضواً، منهم 3 نساء",
            "/en": "11 members, including 3 women",
        }
        for lang, text in members.items():
            for url in ("/cooperatives", self.coop_a.coop_website_url):
                html = self._get(lang + url).text
                card = html[html.index(f'data-coop-id="{self.coop_a.id}"') :]
                members_line = re.search(r'class="[^"]*o_coop_members">(.*?)</p>', card, re.S)
                self.assertEqual(re.sub(r"<[^>]*>|\s+", " ", members_line[1]).strip(), text)
                self.assertNotRegex(html, r"<strong[^>]*>\d+</strong>\s*\w", lang + url)
                self.assertNotIn("o_coop_women", html, "no bare count of women")
        html = self._get("/en/cooperatives").text
        self.assertRegex(html, r"Products in the shop: 1\s*</p>")
        self.coop_a.write({"coop_women_count": 11})
        html = self._get(self.coop_a.coop_website_url).text
        self.assertIn("11 membres, toutes des femmes", html)

    def test_trace_page_leads_to_the_cooperative_and_the_shop(self):
        """A customer scanning a label's QR goes on to the cooperative's page and to the
        product on the shop, in the language of the trace page; not to pages the shop
        does not show."""
        Lot = self.env["stock.lot"]
        lot = Lot.create(
            {
                "name": "TRACE-LINKS-1",
                "product_id": self.product_oil.product_variant_id.id,
                "coop_partner_id": self.coop_a.id,
                "coop_published": True,
            }
        )
        url = f"/t/{lot.coop_token}"

        def links(path):
            return re.findall(r'<a [^>]*href="([^"]*)"', self._get(path).text)

        self.assertEqual(
            links(url), [self.coop_a.coop_website_url, self.product_oil.website_url, "/shop"]
        )
        self.assertEqual(
            links("/ar" + url),
            [
                f"/ar{self.coop_a.coop_website_url}",
                f"/ar{self.product_oil.website_url}",
                "/ar/shop",
            ],
        )
        html = self._get("/en" + url).text
        self.assertIn("The cooperative and its products", html)
        self.assertIn("Order this product", html)
        for link in links(url):
            self._get(link)
        self.product_oil.is_published = False
        self.assertEqual(links(url), [self.coop_a.coop_website_url, "/shop"])
        # made by a cooperative that is not an active member: no page of hers to show
        lot.write(
            {
                "coop_partner_id": self.coop_c.id,
                "product_id": self.product_soap.product_variant_id.id,
            }
        )
        self.assertEqual(links(url), ["/shop"])

    def test_products_of_non_eligible_cooperatives_are_not_reachable(self):
        self._get(self.coop_c.coop_website_url, status=404)
        self._get(f"/cooperatives/{self.coop_c.id}/image", status=404)
        self._get(self.product_soap.website_url, status=404)
        html = self._get("/shop?search=Test+Soap").text
        self.assertNotIn(self.product_soap.website_url, html)
        html = self._get("/shop?search=Test").text
        self.assertIn(self.product_oil.website_url, html)
        self.assertNotIn(self.product_soap.website_url, html)

    def test_shop_badges_and_filters(self):
        html = self._get("/shop?search=Test").text
        self.assertIn("o_coop_shop_filters", html)
        self.assertIn("o_coop_badge_coop", html)
        self.assertIn(self.coop_a.coop_website_url, html)
        html = self._get(f"/shop?search=Test&coop={self.coop_a.id}").text
        self.assertIn(self.product_oil.website_url, html)
        self.assertNotIn(self.product_plain.website_url, html)
        html = self._get(f"/shop?search=Test&label={self.label_type.id}").text
        self.assertIn(self.product_amlou.website_url, html)
        self.assertNotIn(self.product_plain.website_url, html)
        html = self._get(f"/shop?search=Test&region={self.region_sm.id}").text
        self.assertNotIn(self.product_oil.website_url, html)
        self._get("/shop?coop=not-a-number")  # ignored, no error
        html = self._get(self.product_oil.website_url).text
        self.assertIn(self.coop_a.coop_website_url, html, "badge on the product page")

    def test_ids_beyond_the_database_range_are_not_found(self):
        for url in (
            "/cooperatives/2147483648",
            "/cooperatives/name-9999999999",
            "/cooperatives/9999999999/image",
            "/cooperatives/9999999999/picture/1",
            "/cooperatives/label/2147483648/image",
        ):
            self._get(url, status=404)

    def test_sitemap_lists_cooperative_pages(self):
        html = self._get("/sitemap.xml").text
        self.assertIn(self.coop_a.coop_website_url, html)
        self.assertNotIn(self.coop_c.coop_website_url, html)

    def test_shop_page_queries_do_not_grow_with_products(self):
        """Badges and filters cost a fixed number of queries, not one per product."""
        self.env["product.template"].create(
            [
                {
                    "name": f"Test Bulk {i:02d}",
                    "list_price": 10 + i,
                    "coop_sourced": True,
                    "is_published": True,
                    "seller_ids": [Command.create({"partner_id": coop.id})],
                }
                for i, coop in enumerate([self.coop_a, self.coop_b] * 12)
            ]
        )
        url = "/shop?search=Test+Bulk&ppg=%s"
        self._get(url % 24)  # warm the caches (routing map, assets, views)

        def count(ppg, switch=nullcontext):
            with switch():
                self.env.flush_all()
                self.env.invalidate_all()
                before = self.env.cr.sql_log_count
                self._get(url % ppg)
                return self.env.cr.sql_log_count - before

        def plain_website_sale():
            return patch.object(
                CoopWebsiteSale,
                "_get_additional_extra_shop_values",
                WebsiteSale._get_additional_extra_shop_values,
            )

        ours = {ppg: count(ppg) for ppg in (12, 24)}
        plain = {ppg: count(ppg, plain_website_sale) for ppg in (12, 24)}
        self.assertEqual(ours[24] - ours[12], plain[24] - plain[12], "no query per product")
        # badges: who makes the products, what routing requires of them, their labels; the
        # label filter: the labels that some product of the shop shows
        self.assertLessEqual(ours[24] - plain[24], 12, "a fixed, small overhead")
