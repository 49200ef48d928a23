import re
import subprocess
import tempfile
import unicodedata

from lxml import etree

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import CoopAccountCase
from .test_statement import wkhtmltopdf_address_space

POINTS_PER_MM = 72 / 25.4


@tagged("post_install", "-at_install")
class TestArabicDocumentsPdf(CoopAccountCase, HttpCase):
    """Arabic invoices and sale orders printed by wkhtmltopdf on unpatched Qt, with the report
    stylesheets (an HttpCase: wkhtmltopdf fetches them from the server, in this transaction).
    Its WebKit draws a right-aligned line mixing Arabic and Latin letters, digits or
    punctuation past the right end of its box: every word must stay inside the margins."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ar_001")
        cls.customer.write(
            {"lang": "ar_001", "street": "حي النهضة 12", "city": "أكادير", "zip": "81000"}
        )
        cls.product.with_context(lang="ar_001").write(
            {"name": "أملو 250 غ", "description_sale": "معجون من اللوز المحمص وزيت الأركان والعسل."}
        )
        bank = cls.env["res.bank"].create({"name": "Attijariwafa bank", "bic": "BCMAMAMC"})
        cls.bank_account = cls.env["res.partner.bank"].create(
            {
                "acc_number": "007 270 0009876543210045 82",
                "bank_id": bank.id,
                "partner_id": cls.company.partner_id.id,
            }
        )

    def _pdf_words(self, report, records):
        """``(text, x_min, x_max, y_min)`` of the words printed on ``records``' PDF (``pdftotext
        -bbox``, in points), its text, its page width and the paper format's margins in
        points. Only Arabic is read back: the Lato web font that Qt embeds has no map to
        Unicode, its letters and digits are not extracted (but are measured by their
        boxes)."""
        with wkhtmltopdf_address_space():
            pdf, _fmt = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(report, records.ids)
            )
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf_file:
            pdf_file.write(pdf)
            pdf_file.flush()
            bbox = subprocess.run(
                ["pdftotext", "-bbox", pdf_file.name, "-"], check=True, capture_output=True
            ).stdout
            text = subprocess.run(
                ["pdftotext", pdf_file.name, "-"], check=True, capture_output=True, text=True
            ).stdout
        page = etree.fromstring(bbox).find(".//{http://www.w3.org/1999/xhtml}page")
        words = [
            (word.text, float(word.get("xMin")), float(word.get("xMax")), float(word.get("yMin")))
            for word in page.iter("{http://www.w3.org/1999/xhtml}word")
        ]
        paperformat = self.env["ir.actions.report"]._get_report(report).get_paperformat()
        # shaped letters back to plain ones, without the bidi embedding marks of pdftotext
        text = re.sub("[\u202a-\u202e]", "", unicodedata.normalize("NFKC", text))
        return (
            words,
            " ".join(text.split()),
            float(page.get("width")),
            paperformat.margin_left * POINTS_PER_MM,
            paperformat.margin_right * POINTS_PER_MM,
        )

    def _assert_inside_the_margins(self, report, records):
        words, text, width, left, right = self._pdf_words(report, records)
        outside = [word for word in words if word[1] < left - 1 or word[2] > width - right + 1]
        self.assertFalse(outside, "words drawn past the margins")
        return words, text, width

    @staticmethod
    def _printed_words(words, letters):
        """The words printed for ``letters`` on one line: pdftotext gives one word a letter
        (or a few), from right to left, without the spaces, digits or punctuation of Lato."""
        lines = {}
        for word in words:
            lines.setdefault(round(word[3]), []).append(word)
        for line in lines.values():
            line.sort(key=lambda word: -word[2])
            letters_of = [
                word for word in line for _letter in unicodedata.normalize("NFKC", word[0])
            ]
            printed = "".join(unicodedata.normalize("NFKC", word[0]) for word in line)
            if letters in printed:
                start = printed.index(letters)
                return letters_of[start : start + len(letters)]
        raise AssertionError(f"{letters} not printed")

    def _assert_description_inside_its_column(self, words):
        """Every line of the product's description is printed whole, between the quantities
        and the right end of the table (the end of the header "الوصف")."""
        right = max(word[2] for word in self._printed_words(words, "الوصف"))
        left = max(word[2] for word in self._printed_words(words, "الكمية"))
        for letters in ("أملوغ", "معجونمناللوزالمحمصوزيتالأركانوالعسل"):
            outside = [
                word
                for word in self._printed_words(words, letters)
                if word[1] < left or word[2] > right + 1
            ]
            self.assertFalse(outside, f"{letters} drawn out of the description column")

    def test_arabic_invoice_prints_every_column_and_label_inside_the_page(self):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "partner_bank_id": self.bank_account.id,
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": self.product.id, "quantity": 3, "price_unit": 1234.5}
                    ),
                    Command.create(
                        {"product_id": self.product.id, "quantity": 7, "price_unit": 45.25}
                    ),
                ],
            }
        )
        invoice.action_post()
        words, text, width = self._assert_inside_the_margins("account.account_invoices", invoice)
        for printed in (
            "حي النهضة",
            "أكادير",
            "الكمية",
            "سعر الوحدة",
            "المبلغ",
            "التواصل بشأن الدفع",
            "في هذا الحساب",
            "رقم الحساب الدولي",
            "رمز البنك",
        ):
            self.assertIn(printed, text)
        self._assert_description_inside_its_column(words)
        # the totals fill the left of the page, the payment communication and the bank
        # account its right: the label of the VAT stops before the middle instead of running
        # over the IBAN
        vat_label = self._printed_words(words, "الضريبةعلىالقيمةالمضافة")
        self.assertLess(max(word[2] for word in vat_label), width / 2)

    def test_arabic_sale_order_prints_its_title_inside_the_page(self):
        order = self._order(qty=4.0, price=1234.5)
        words, text, _width = self._assert_inside_the_margins("sale.action_report_saleorder", order)
        for printed in ("حي النهضة", "عرض السعر", "الكمية", "سعر الوحدة", "المبلغ"):
            self.assertIn(printed, text)
        self._assert_description_inside_its_column(words)

    def test_statement_pdf_title_and_amount_in_words(self):
        """The Arabic statement's title is on the right, and its amount in words first (on
        the right) in Arabic; in the French one, the Arabic amount in words wraps inside its
        cell, on the right, instead of running past the margin."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self._quick_bill(self.coop_a, 3926.4)
        statement = self.env["coop.payout.statement"].create(
            {
                "partner_id": self.coop_a.id,
                "date_from": self.today.replace(day=1),
                "date_to": self.today,
            }
        )
        report = "coop_account.action_report_payout_statement"
        amount_letters = "ثلاثةآلافوتسعمائة"

        self.coop_a.lang = "ar_001"
        words, _text, width = self._assert_inside_the_margins(report, statement)
        right = max(word[2] for word in words)  # the right end of the text
        title = self._printed_words(words, "كشفالمستحقات")
        self.assertGreater(max(word[2] for word in title), right - 10, "title on the right")
        in_words = self._printed_words(words, amount_letters)
        self.assertGreater(min(word[1] for word in in_words), width / 2, "Arabic first")

        self.coop_a.lang = "fr_FR"
        words, _text, width = self._assert_inside_the_margins(report, statement)
        right = max(word[2] for word in words)
        in_words = self._printed_words(words, amount_letters)
        self.assertGreater(min(word[1] for word in in_words), width / 2, "French first")
        self.assertGreater(max(word[2] for word in in_words), right - 10, "from the right")
