from odoo.tests import tagged

from .common import CoopAccountCase


@tagged("post_install", "-at_install")
class TestAmountWords(CoopAccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.has_ar = bool(cls.env["res.lang"]._get_code("ar_001"))
        cls.has_fr = bool(cls.env["res.lang"]._get_code("fr_FR"))

    def test_languages_are_active(self):
        # the suite's languages (loaded in every database of the platform)
        self.assertTrue(self.has_ar and self.has_fr)

    def test_words_in_french_and_arabic(self):
        bill = self._quick_bill(self.coop_a, 1234.5)
        self.assertEqual(bill.amount_total, 1234.5)
        self.assertEqual(
            bill.coop_amount_words_fr, "Mille Deux Cent Trente-Quatre Dirhams et Cinquante Centimes"
        )
        words_ar = bill.coop_amount_words_ar
        for word in ("ألف", "مئتان", "أربعة", "ثلاثون", "درهم", "خمسون", "سنتيم"):
            self.assertIn(word, words_ar)
        # whatever the user's language
        self.assertEqual(
            bill.with_context(lang="ar_001").coop_amount_words_fr, bill.coop_amount_words_fr
        )
        lines = bill.with_context(lang="en_US")._coop_amount_words_lines()
        self.assertEqual([line["lang"] for line in lines], ["fr_FR", "ar_001"])
        self.assertEqual(lines[1]["direction"], "rtl")
        self.assertEqual(lines[0]["label"], "Montant en lettres :")
        self.assertEqual(lines[1]["label"], "المبلغ بالحروف:")

    def test_arabic_and_is_written_on_the_next_word(self):
        """ "و" (and) is written on the word after it, in the words of bills and statements
        (and so of their PDF and XLSX)."""
        bill = self._quick_bill(self.coop_a, 5544.0)
        self.assertEqual(bill.coop_amount_words_ar, "خمسة آلاف وخمسمائة وأربعة وأربعون درهماً")
        for amount in (1021.0, 100.5):
            words = self._quick_bill(self.coop_a, amount).coop_amount_words_ar
            self.assertNotIn(" و ", words)
            self.assertIn(" و", words)
        self.assertIn("وخمسون سنتيماً", self._quick_bill(self.coop_a, 100.5).coop_amount_words_ar)

    def test_arabic_installed_after_the_suite_names_the_centime(self):
        """On a new database Arabic is installed after the suite: the dirham's units get
        their Arabic names then (Odoo's own leave "Centimes")."""
        mad = self.env.ref("base.MAD")
        mad.update_field_translations("currency_subunit_label", {"ar_001": "Centimes"})
        self.env["ir.module.module"]._load_module_terms(["coop_account"], ["ar_001"])
        self.assertEqual(mad.with_context(lang="ar_001").currency_subunit_label, "سنتيم")
        self.assertIn("سنتيم", self._quick_bill(self.coop_a, 240.5).coop_amount_words_ar)

    def test_words_on_purchase_orders_and_bills_sent_to_cooperatives(self):
        order = self._order(10.0)
        order.action_confirm()
        self.env["purchase.order"]._cron_coop_dispatch()  # the job sending new orders
        po = self._po(order, self.coop_a)
        self.assertEqual(po.amount_total, 360.0)
        self.assertEqual(po.coop_amount_words_fr, "Trois Cent Soixante Dirhams")
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "purchase.action_report_purchase_order", po.ids
        )
        text = self._printed_text(html)
        self.assertIn(po.coop_amount_words_fr, text)
        self.assertIn(po.coop_amount_words_ar, text)

        bill = self._quick_bill(self.coop_a, 360.0)
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "account.report_invoice", bill.ids
        )
        text = self._printed_text(html)
        self.assertIn("Trois Cent Soixante Dirhams", text)
        self.assertIn(bill.coop_amount_words_ar, text)
        self.assertTrue(self.company.display_invoice_amount_total_words, "l10n_ma's default")
        # ours replace Odoo's own amount in words: each language once
        self.assertEqual(text.count(bill.coop_amount_words_ar), 1)
        self.assertEqual(text.count(bill.coop_amount_words_fr), 1)

        # not on documents of other partners
        customer_invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [(0, 0, {"product_id": self.product.id, "price_unit": 300})],
            }
        )
        customer_invoice.action_post()
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "account.report_invoice", customer_invoice.ids
        )
        self.assertNotIn("coop_amount_words", html.decode())
        self.assertIn(customer_invoice.amount_total_words, html.decode(), "Odoo's own")
