import datetime
import html as html_module
import re

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common import TraceCase


@tagged("post_install", "-at_install", "is_query_count")
class TestTracePage(TraceCase, HttpCase):
    browser_size = "375x667"  # a phone: customers scan the label's QR code

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coop_a.write(
            {
                "coop_member_count": 41,
                "coop_women_count": 37,
                "coop_story": "<p>Founded by the women of the douar in 2004.</p>",
                "state_id": cls.env.ref("base.ma").state_ids[:1].id,
            }
        )
        cls.point_acidity.unit = "% oleic acid"
        cls.point_acidity.update_field_translations(
            "unit", {"fr_FR": "% acide oléique", "ar_001": "% حمض الأوليك"}
        )
        cls.product_coop.update_field_translations(
            "name", {"fr_FR": "Huile d'argan test", "ar_001": "زيت أركان تجريبي"}
        )
        cls.receipt = cls._receive(
            cls.coop_a,
            cls.product_coop,
            5,
            {"Acidity": 0.42},
            coop_production_date=cls._days_ago(4),
            coop_origin_douar="Douar Ait Bouhou",
        )
        cls.lot = cls._lot_of(cls.receipt)
        cls.lot.note = "<p>SECRET-INTERNAL-NOTE</p>"
        cls.other_lot = cls._lot_of(cls._receive(cls.coop_a, cls.product_coop, 5))
        cls._deliver(cls.customer_1, cls.lot, 1)
        cls.url = f"/01/{cls.gtin14}/10/{cls.lot.name}"

    def _get(self, url, lang="fr-FR,fr;q=0.9"):
        return self.url_open(url, headers={"Accept-Language": lang}, allow_redirects=False)

    def _measure(self, value, unit):
        """A measure as the page writes it: the number isolated left-to-right, then the
        unit in the direction of its own words."""
        return (
            f'<bdi class="o_coop_value" dir="ltr">{value}</bdi> '
            f'<bdi class="o_coop_unit">{unit}</bdi>'
        )

    def test_page_shows_the_lot_and_its_cooperative(self):
        response = self._get(self.url)
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertIn('lang="fr-FR"', html)
        self.assertIn('dir="ltr"', html)
        self.assertIn("Date de production", html)  # the page speaks the visitor's language
        self.assertIn("Huile d&#39;argan test", html)
        self.assertIn(self.lot.name, html)
        self.assertIn(self.coop_a.name, html)
        self.assertIn('<p class="o_coop_members">41 membres, dont 37 femmes</p>', html)
        self.assertIn("Founded by the women of the douar", html)
        self.assertIn("Douar Ait Bouhou", html)
        self.assertIn(self._measure("0,42", "% acide oléique"), html, "French number and unit")
        self.assertIn(self._measure("0,8", "% acide oléique"), html)
        self.assertIn(self.cert_a.type_id.with_context(lang="fr_FR").name, html)
        production = self.lot.coop_production_date
        self.assertIn(str(production.year), html)

    def test_page_never_shows_private_data(self):
        # Inline images (data: URIs) are binary noise: look at the text only.
        html = re.sub(r'data:[^"]*', "", self._get(self.url).text)
        # the sale price and the cost, as a page would show them (random tokens of a page hold
        # digits such as 987, never with a decimal separator)
        self.assertNotRegex(html, r"987[.,]65")
        self.assertNotRegex(html, r"432[.,]10?\b")
        for secret in (
            "SECRET-INTERNAL-NOTE",
            self.customer_1.name,
            "client1@example.com",
            self.other_lot.name,
            self.lot.coop_token,
            self.receipt.name,
            self.receipt.purchase_id.name,
        ):
            self.assertNotIn(secret, html)

    def test_recalled_lot_tells_not_to_consume_it(self):
        self.other_lot.coop_raw_lot_ids = self.lot  # made from the recalled lot
        recall = self.env["coop.recall"].create(
            {
                "lot_id": self.lot.id,
                "reason": "PRIVATE-REASON of the recall",
                "instructions": "Bring it back to the shop for a refund.",
            }
        )
        other_url = f"/t/{self.other_lot.coop_token}"
        html = self._get(self.url, lang="en-US,en;q=0.9").text
        self.assertNotIn("recalled", html, "a draft recall is not announced yet")
        recall.state = "notified"
        for url in (self.url, other_url):
            html = self._get(url, lang="en-US,en;q=0.9").text
            self.assertIn("This product is recalled: do not consume it.", html, url)
            self.assertIn("Bring it back to the shop for a refund.", html, url)
            self.assertNotIn("PRIVATE-REASON", html, url)
        self.assertNotIn("past its expiry date", html)

    def test_recall_instructions_in_the_language_of_the_visitor(self):
        recall = self.env["coop.recall"].create({"lot_id": self.lot.id, "reason": "Aflatoxin"})
        recall.with_context(lang="fr_FR").instructions = "Rapportez-le pour remboursement."
        recall.update_field_translations(
            "instructions",
            {"ar_001": "أعيدوه لاسترداد ثمنه.", "en_US": "Bring it back for a refund."},
        )
        recall.state = "notified"
        for accept, text, lang, direction in (
            ("fr-FR,fr;q=0.9", "Rapportez-le pour remboursement.", "fr-FR", "ltr"),
            ("ar-MA,ar;q=0.9", "أعيدوه لاسترداد ثمنه.", "ar-001", "rtl"),
            ("en-US,en;q=0.9", "Bring it back for a refund.", "en-US", "ltr"),
        ):
            html = self._get(self.url, lang=accept).text
            self.assertIn(self._instructions(text, lang, direction), html, accept)
            self.assertEqual(html.count('class="o_coop_instructions"'), 1, accept)
            self.assertNotIn("o_coop_instructions_lang", html, "in her language: no note")

    def _instructions(self, text, lang, direction):
        return f'<p class="o_coop_instructions" lang="{lang}" dir="{direction}">{text}</p>'

    def _note(self, html):
        note = re.search(r'class="o_coop_instructions_lang">\s*<small>([^<]*)</small>', html)
        return note and html_module.unescape(note.group(1))

    def test_recall_instructions_nobody_translated_read_in_their_language(self):
        """Staff wrote the instructions in French only (Odoo keeps a copy as the English
        text): a visitor reading English or Arabic reads the French, marked as French for
        her browser and screen reader, and told it is French, in her language."""
        recall = self.env["coop.recall"].create({"lot_id": self.lot.id, "reason": "Aflatoxin"})
        recall.with_context(lang="fr_FR").instructions = "Rapportez-le pour remboursement."
        recall.state = "notified"
        french = self._instructions("Rapportez-le pour remboursement.", "fr-FR", "ltr")
        for accept, note in (
            ("en-US,en;q=0.9", "(in French)"),
            ("ar-MA,ar;q=0.9", "(باللغة الفرنسية)"),
        ):
            html = self._get(self.url, lang=accept).text
            self.assertIn(french, html, accept)
            self.assertEqual(self._note(html), note, accept)
        html = self._get(self.url, lang="fr-FR,fr;q=0.9").text
        self.assertIn(french, html)
        self.assertIsNone(self._note(html), "in her language: no note")

        # written in Arabic only: right to left, in a French page too
        recall.state = "cancel"
        self.env["coop.recall"].with_context(lang="ar_001").create(
            {"lot_id": self.lot.id, "reason": "Aflatoxin", "instructions": "أعيدوه لاسترداد ثمنه."}
        ).state = "notified"
        html = self._get(self.url, lang="fr-FR,fr;q=0.9").text
        self.assertIn(self._instructions("أعيدوه لاسترداد ثمنه.", "ar-001", "rtl"), html)
        self.assertEqual(self._note(html), "(en arabe)")

    def _labels(self, html):
        """The labels of the product card (dates...) and the alerts of the page."""
        return [
            html_module.unescape(label)
            for label in re.findall(r"<(?:dt|h1)[^>]*>([^<]*)</(?:dt|h1)>", html)
        ]

    def test_a_cosmetic_is_used_not_consumed(self):
        """Argan oil for the skin: its dates and alerts speak of using it, not eating it."""
        self.env["coop.recall"].create({"lot_id": self.lot.id, "reason": "x"}).state = "notified"
        self.lot.expiration_date = datetime.datetime.now() - datetime.timedelta(days=1)
        self.lot.use_date = datetime.datetime.now() - datetime.timedelta(days=10)
        food = {
            "fr_FR": [
                "Ce produit fait l'objet d'un rappel : ne le consommez pas.",
                "La date limite de consommation de ce produit est dépassée : ne le consommez pas.",
                "À consommer de préférence avant",
            ],
            "ar_001": [
                "هذا المنتج موضوع سحب: لا تستهلكه.",
                "تجاوز هذا المنتج تاريخ انتهاء صلاحيته: لا تستهلكه.",
                "يُفضَّل استهلاكه قبل",
            ],
            "en_US": [
                "This product is recalled: do not consume it.",
                "This product is past its expiry date: do not consume it.",
                "Best before",
            ],
        }
        cosmetic = {
            "fr_FR": [
                "Ce produit fait l'objet d'un rappel : ne l'utilisez pas.",
                "La date limite d'utilisation de ce produit est dépassée : ne l'utilisez pas.",
                "À utiliser de préférence avant",
            ],
            "ar_001": [
                "هذا المنتج موضوع سحب: لا تستعمله.",
                "تجاوز هذا المنتج تاريخ انتهاء صلاحيته: لا تستعمله.",
                "يُفضَّل استعماله قبل",
            ],
            "en_US": [
                "This product is recalled: do not use it.",
                "This product is past its use-by date: do not use it.",
                "Best used before",
            ],
        }
        for is_food, wording, other in ((True, food, cosmetic), (False, cosmetic, food)):
            self.product_coop.coop_is_food = is_food
            for lang, labels in wording.items():
                with self.subTest(food=is_food, lang=lang):
                    labels_of_page = self._labels(self._get(f"{self.url}?lang={lang}").text)
                    for label in labels:
                        self.assertIn(label, labels_of_page)
                    for label in other[lang]:
                        self.assertNotIn(label, labels_of_page)

    def test_one_date_the_label_s(self):
        """A food has a best-before or a use-by date, never both: the page gives the date
        printed on the label, under the label's words, and no other date of Odoo's."""
        self.lot.expiration_date = datetime.datetime(2028, 5, 14, 12)
        self.lot.use_date = datetime.datetime(2028, 4, 14, 12)
        self.assertEqual(self.lot._coop_label_dates()[1], datetime.date(2028, 4, 14))
        for lang, label in (
            ("fr_FR", "À consommer de préférence avant"),
            ("ar_001", "يُفضَّل استهلاكه قبل"),
            ("en_US", "Best before"),
        ):
            html = self._get(f"{self.url}?lang={lang}").text
            labels = self._labels(html)
            self.assertIn(label, labels, lang)
            self.assertEqual(html.count('class="o_coop_best_before"'), 1, lang)
            self.assertNotIn("2028-05-14", html.replace("/", "-"), lang)
            self.assertNotRegex(html, r"\b(14/0?5|0?5/14)/2028\b", f"{lang}: no second date")
            for other in ("Date limite de consommation", "تاريخ انتهاء الصلاحية", "Expiry date"):
                self.assertNotIn(other, labels, lang)
        html = self._get(f"{self.url}?lang=fr_FR").text
        self.assertIn('<dd class="o_coop_best_before">14/04/2028</dd>', html)
        # without a best-before date, the label prints the expiration date: so does the page
        self.lot.use_date = False
        html = self._get(f"{self.url}?lang=fr_FR").text
        self.assertIn('<dd class="o_coop_best_before">14/05/2028</dd>', html)
        self.assertIn("À consommer de préférence avant", self._labels(html))

    def test_quality_of_a_lot_without_checks_says_nothing(self):
        """A product with no measure on receipt (soap, herbs): no "Not checked", which
        reads as a warning; a lot with checks shows them."""
        html = self._get(self.url).text
        self.assertIn("o_coop_quality", html)
        self.assertIn("Conforme", html)
        thyme = self.env["product.product"].create(
            {
                "name": "Thym test",
                "is_storable": True,
                "tracking": "lot",
                "barcode": "6119999000022",
            }
        )
        lot = self._lot_of(self._receive(self.coop_a, thyme, 5))
        self.assertEqual(lot.coop_quality_state, "none")
        lot.coop_published = True
        for lang in ("fr_FR", "ar_001", "en_US"):
            response = self._get(f"/01/06119999000022/10/{lot.name}?lang={lang}")
            self.assertEqual(response.status_code, 200, lang)
            self.assertIn(lot.name, response.text)
            self.assertNotIn("o_coop_quality", response.text, lang)
            for text in ("Non contrôlé", "لم تُراقَب", "Not Checked"):
                self.assertNotIn(text, response.text, lang)

    def test_expired_lot_tells_not_to_consume_it(self):
        html = self._get(self.url, lang="en-US,en;q=0.9").text
        self.assertNotIn("past its expiry date", html)
        self.lot.expiration_date = datetime.datetime.now() - datetime.timedelta(days=1)
        html = self._get(self.url, lang="en-US,en;q=0.9").text
        self.assertIn("This product is past its expiry date: do not consume it.", html)
        self.assertNotIn("recalled", html)

    def test_measure_name_and_limits_are_written_alike(self):
        """The colon after a measure's name follows the language, as after its limits."""
        self.point_acidity.update_field_translations(
            "name", {"fr_FR": "Acidité", "ar_001": "الحموضة"}
        )
        html = self._get(self.url).text
        self.assertIn("Acidité : " + self._measure("0,42", "% acide oléique"), html)
        self.assertIn("Maximum : " + self._measure("0,8", "% acide oléique"), html)
        html = self._get(self.url, lang="ar-MA,ar;q=0.9").text
        self.assertIn("الحموضة: " + self._measure("0.42", "% حمض الأوليك"), html)

    def test_failed_check_shows_both_limits(self):
        html = self._get(self.url, lang="en-US,en;q=0.9").text
        self.assertNotIn("Minimum:", html, "a minimum of 0 is no limit")
        self.point_acidity.min_value = 0.1
        self.lot.coop_quality_check_ids.value = 0.05
        self.lot.with_user(self.user_staff).action_coop_release()  # public once released
        html = self._get(self.url, lang="en-US,en;q=0.9").text
        self.assertRegex(
            html, r'o_coop_ko">\s*Acidity: ' + re.escape(self._measure("0.05", "% oleic acid"))
        )
        self.assertIn("Minimum: " + self._measure("0.1", "% oleic acid"), html)
        self.assertIn("Maximum: " + self._measure("0.8", "% oleic acid"), html)

    def test_page_in_arabic_is_right_to_left(self):
        html = self._get(self.url, lang="ar-MA,ar;q=0.9,fr;q=0.5").text
        self.assertIn('dir="rtl"', html)
        self.assertIn('lang="ar-001"', html)
        self.assertIn("زيت أركان تجريبي", html)
        self.assertIn("تاريخ الإنتاج", html)
        # number then unit, read right to left: "الحموضة: 0.42 % حمض الأوليك"
        self.assertIn(self._measure("0.42", "% حمض الأوليك"), html)
        self.assertNotRegex(
            html, 'dir="ltr"[^>]*>[^<]*[\u0600-\u06ff]', "Arabic words laid out left to right"
        )
        html = self._get(self.url + "?lang=fr_FR", lang="ar").text
        self.assertIn('dir="ltr"', html)

    def test_page_fits_a_phone(self):
        """On a 375 px wide phone, long labels ("À consommer de préférence avant") wrap:
        the lot number and the dates stay on the screen, in every language of the page."""
        code = """
            const overflow = document.documentElement.scrollWidth - window.innerWidth;
            if (!document.querySelector(".o_coop_best_before")) {
                console.error("no best before date: the longest label is not on the page");
            } else if (overflow > 0) {
                console.error(`the page is ${overflow} px wider than the phone`);
            } else {
                console.log("test successful");
            }
        """
        for lang in ("fr_FR", "ar_001", "en_US"):
            with self.subTest(lang=lang):
                self.browser_js(f"{self.url}?lang={lang}", code)

    def test_net_content_in_the_language_of_the_page(self):
        self.product_coop.update_field_translations(
            "coop_net_content", {"fr_FR": "250 ml", "ar_001": "250 مل"}
        )
        html = self._get(self.url, lang="ar-MA,ar;q=0.9").text
        self.assertIn('<dd dir="auto">250 مل</dd>', html)
        self.assertNotIn("250 ml", html)
        html = self._get(self.url).text
        self.assertIn('<dd dir="auto">250 ml</dd>', html)

    def test_language_of_the_url_wins(self):
        self.opener.cookies["frontend_lang"] = "fr_FR"
        for url in (f"/ar/t/{self.lot.coop_token}", "/ar" + self.url + "?lang=fr_FR"):
            response = self._get(url, lang="fr-FR,fr;q=0.9")
            self.assertEqual(response.status_code, 200, url)
            self.assertIn('lang="ar-001"', response.text, url)
            self.assertIn("تاريخ الإنتاج", response.text, url)
        not_found = self._get("/ar/t/not-a-real-token-at-all")
        self.assertEqual(not_found.status_code, 404)
        self.assertIn('dir="rtl"', not_found.text)

    def test_token_page_for_a_lot_without_gtin(self):
        response = self._get(f"/t/{self.lot.coop_token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.lot.name, response.text)

    def test_unknown_and_unpublished_answer_the_same_404(self):
        unknown = self._get(f"/01/{self.gtin14}/10/NO-SUCH-LOT")
        wrong_gtin = self._get(f"/01/06119999000022/10/{self.lot.name}")
        bad_token = self._get("/t/not-a-real-token-at-all")
        self.other_lot.coop_published = False
        unpublished = self._get(f"/01/{self.gtin14}/10/{self.other_lot.name}")
        unpublished_token = self._get(f"/t/{self.other_lot.coop_token}")
        # NUL characters, that PostgreSQL refuses
        nul_token = self._get("/t/%00")
        nul_lot = self._get(f"/01/{self.gtin14}/10/%00")
        responses = [unknown, wrong_gtin, bad_token, unpublished, unpublished_token]
        responses += [nul_token, nul_lot]
        self.assertEqual({r.status_code for r in responses}, {404})
        self.assertEqual(len({r.text for r in responses}), 1)
        self.assertNotIn(self.other_lot.name, unpublished.text)

    def test_blocked_lot_is_not_public_until_released(self):
        """Lot numbers can be guessed: a lot blocked by its checks (no customer holds it)
        answers the 404 of an unknown lot, not its failed measure, until a GIE manager
        releases it; a rejected lot stays hidden."""
        failed = self._lot_of(self._receive(self.coop_a, self.product_coop, 5, {"Acidity": 1.3}))
        rejected = self._lot_of(self._receive(self.coop_a, self.product_coop, 5, {"Acidity": 2}))
        rejected.with_user(self.user_staff).action_coop_reject()
        self.assertTrue(failed.coop_published and failed.coop_blocked and rejected.coop_blocked)
        unknown = self._get(f"/01/{self.gtin14}/10/NO-SUCH-LOT")
        for lot in (failed, rejected):
            for url in (f"/01/{self.gtin14}/10/{lot.name}", f"/t/{lot.coop_token}"):
                response = self._get(url)
                self.assertEqual(response.status_code, 404, url)
                self.assertEqual(response.text, unknown.text, url)
        with self.assertRaisesRegex(UserError, "blocked"):
            rejected.with_user(self.user_staff).action_coop_open_trace_page()
        failed.with_user(self.user_staff).action_coop_release()
        for url in (f"/01/{self.gtin14}/10/{failed.name}", f"/t/{failed.coop_token}"):
            response = self._get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertIn(failed.name, response.text)
            self.assertIn(self._measure("1,3", "% acide oléique"), response.text)

    def test_blocked_lot_customers_hold_shows_its_recall(self):
        """A lab result that fails after delivery blocks a lot customers hold: hidden as
        any blocked lot until the recall is announced, then it tells them not to eat it."""
        self.lot.coop_quality_check_ids.value = 0.95
        self.assertTrue(self.lot.coop_blocked)
        self.assertEqual(self._get(self.url).status_code, 404)
        recall = self.env["coop.recall"].create(
            {"lot_id": self.lot.id, "reason": "Acidity", "instructions": "Bring it back."}
        )
        self.assertEqual(self._get(self.url).status_code, 404, "a draft recall is not public")
        recall.state = "notified"
        response = self._get(self.url, lang="en-US,en;q=0.9")
        self.assertEqual(response.status_code, 200)
        self.assertIn("This product is recalled: do not consume it.", response.text)
        self.assertEqual(self.lot.action_coop_open_trace_page()["url"], self.lot.coop_trace_url)

    def test_query_count(self):
        self._get(self.url)  # warm the caches (routing, templates, languages)
        self.env.invalidate_all()
        # 17: one for the announced recalls of the lot (the page must warn of them), one
        # for the languages of the website its links to the shop are in (coop_website_shop)
        with self.assertQueryCount(17):
            response = self._get(self.url)
        self.assertEqual(response.status_code, 200)
        with self.assertQueryCount(5):
            self.assertEqual(self._get("/t/unknown-token").status_code, 404)
