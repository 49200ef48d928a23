import os
import re
import shutil
import subprocess
import tempfile
import unicodedata

from lxml import etree
from PIL import Image
from pyzbar import pyzbar

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TraceCase, wkhtmltopdf_address_space

# Resolution at which labels are rendered to read their QR codes and look at their texts.
DPI = 300
PIXELS = DPI / 72  # pixels of those images by point of the PDF


@tagged("post_install", "-at_install")
class TestLabels(TraceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product_coop.update_field_translations(
            "name", {"fr_FR": "Huile d'argan test", "ar_001": "زيت أركان تجريبي"}
        )
        cls.receipt = cls._receive(
            cls.coop_a,
            cls.product_coop,
            3,
            {"Acidity": 0.4},
            coop_production_date=cls._days_ago(3),
        )
        cls.lot = cls._lot_of(cls.receipt)

    def _pdf(self, lot_ids, lang=None):
        """The PDF labels of ``lot_ids``, printed by a user reading ``lang`` if given."""
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        if lang:
            report = report.with_context(lang=lang)
        with wkhtmltopdf_address_space():
            pdf, report_type = report._render_qweb_pdf(
                "coop_traceability.action_report_coop_lot_label", lot_ids
            )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf

    def _run(self, *args):
        return subprocess.run(args, check=True, capture_output=True, text=True).stdout

    def test_pdf_label_has_lot_dates_arabic_and_a_decodable_qr(self):
        for tool in ("wkhtmltopdf", "pdftotext", "pdftoppm", "pdffonts"):
            self.assertTrue(shutil.which(tool), f"{tool} is required to test labels")
        pdf = self._pdf([self.lot.id])
        production, best_before = self.lot._coop_label_dates()
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "label.pdf")
            with open(path, "wb") as pdf_file:
                pdf_file.write(pdf)
            text = self._run("pdftotext", "-layout", path, "-")
            self.assertIn(self.lot.name, text)
            self.assertIn(production.strftime("%d/%m/%Y"), text)
            self.assertIn(best_before.strftime("%d/%m/%Y"), text)
            # the product's name wraps in its column
            self.assertIn("Huile d'argan test", " ".join(self._pdf_text(pdf).split()))
            self.assertIn(self.coop_a.name, text)
            self.assertIn("250 ml", text)
            self.assertIn("ONSSA", text)
            # Arabic is rendered with an Arabic font and shaped (contextual forms, which
            # pdftotext gives back as the same letters once normalized).
            fonts = self._run("pdffonts", path)
            self.assertRegex(fonts, r"Noto(Naskh|Sans)Arabic")
            normalized = unicodedata.normalize("NFKC", text)
            self.assertIn("التعاونية", normalized)
        # The QR code decodes to the lot's GS1 Digital Link URL.
        urls = self._qr_codes(pdf)
        expected = f"{self.lot.get_base_url()}/01/{self.gtin14}/10/{self.lot.name}"
        self.assertEqual(urls, [expected])
        self.assertEqual(self.lot.coop_trace_url, expected)

    def _page(self, pdf):
        """The first page of ``pdf`` rendered at ``DPI``, in grey levels."""
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "label.pdf")
            with open(path, "wb") as pdf_file:
                pdf_file.write(pdf)
            self._run(
                "pdftoppm", "-r", str(DPI), "-png", "-singlefile", path, os.path.join(tmp, "page")
            )
            with Image.open(os.path.join(tmp, "page.png")) as image:
                return image.convert("L")

    def _qr_symbols(self, page):
        """The QR codes printed on ``page`` (an image), as pyzbar decodes them."""
        return [symbol for symbol in pyzbar.decode(page) if symbol.type == "QRCODE"]

    def _qr_codes(self, pdf):
        """Texts of the QR codes printed on ``pdf``."""
        return [symbol.data.decode() for symbol in self._qr_symbols(self._page(pdf))]

    def _words(self, pdf):
        """``(word, x_min, y_min, x_max, y_max)`` of every word printed on ``pdf``, in points
        from the top left corner of the page (``pdftotext -bbox``)."""
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf_file:
            pdf_file.write(pdf)
            pdf_file.flush()
            page = etree.fromstring(self._run("pdftotext", "-bbox", pdf_file.name, "-").encode())
        return [
            (word.text, *(float(word.get(key)) for key in ("xMin", "yMin", "xMax", "yMax")))
            for word in page.iter("{http://www.w3.org/1999/xhtml}word")
        ]

    def _pdf_text(self, pdf):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf_file:
            pdf_file.write(pdf)
            pdf_file.flush()
            text = self._run("pdftotext", pdf_file.name, "-")
        # Shaped letters back to plain ones, without the bidi embedding marks of pdftotext.
        return re.sub("[\u202a-\u202e]", "", unicodedata.normalize("NFKC", text))

    def test_a_long_cooperative_name_keeps_clear_of_the_qr_code(self):
        """A long cooperative name wraps, smaller, in its column on either side of the QR
        code, whoever prints the label: no word of the label is printed on the code or
        touches it, and the name does not push the certifications off the label."""
        name = "Coopérative Féminine Tighanimine pour la production de l'huile d'argan"
        self.coop_a.name = name
        self.product_coop.update_field_translations(
            "name", {"fr_FR": "Huile d'argan alimentaire 250 ml"}
        )
        for cert_type in ("cert_type_igp_argane", "cert_type_organic"):
            self._add_certification(self.coop_a, self.env.ref(f"coop_gie.{cert_type}"))
        receipt = self._receive(
            self.coop_a,
            self.product_coop,
            1,
            {"Acidity": 0.4},
            coop_production_date=self._days_ago(3),
        )
        lot = self._lot_of(receipt)
        certifications = lot.coop_certification_ids.type_id.with_context(lang="fr_FR")
        self.assertEqual(len(certifications), 3)
        for lang in ("fr_FR", "ar_001"):
            with self.subTest(lang=lang):
                pdf = self._pdf([lot.id], lang=lang)
                page = self._page(pdf)
                words = self._words(pdf)
                self._assert_nothing_on_the_qr_code(page, words)
                texts = [word[0].strip(",") for word in words]
                for word in name.split():
                    self.assertGreaterEqual(texts.count(word), 2, f"{word!r} on either side")
                # The certifications are printed in full: a line cut by the bottom of the
                # label has no ink in the lower half of its words (the text is still there).
                certification_words = " ".join(certifications.mapped("name")).split()
                for word, x_min, y_min, x_max, y_max in words:
                    if word.strip(",") not in certification_words:
                        continue
                    lower_half = (x_min, (y_min + y_max) / 2, x_max, y_max - (y_max - y_min) / 5)
                    ink, _paper = page.crop([round(v * PIXELS) for v in lower_half]).getextrema()
                    self.assertLess(ink, 128, f"{word!r} is cut by the bottom of the label")
                self.assertFalse(set(certification_words) - set(texts), "certifications missing")

    def test_a_long_cooperative_name_in_arabic_keeps_clear_of_the_qr_code(self):
        """Arabic wraps only laid out as lib.rtl says, on the French side too: the name is
        printed whole, on either side, and off the code."""
        # no lam-alef: pdftotext reads back its ligature of Noto Naskh Arabic as an alef only
        name = "التعاونية النسوية تيغانيمين لصناعة زيت أركان وتسويقه بجهة سوس ماسة"
        self.coop_a.name = name
        pdf = self._pdf([self.lot.id])
        self._assert_nothing_on_the_qr_code(self._page(pdf), self._words(pdf))
        words = self._pdf_text(pdf).split()
        for word in name.split():
            self.assertGreaterEqual(words.count(word), 2, f"{word!r} on either side")

    def _assert_nothing_on_the_qr_code(self, page, words):
        """No word of ``words`` (see _words) is printed on, or touches, the QR code printed on
        ``page`` (see _page)."""
        (qr,) = self._qr_symbols(page)
        margin = 1  # point: about a third of a millimetre of white between words and code
        left, top = qr.rect.left / PIXELS - margin, qr.rect.top / PIXELS - margin
        right = (qr.rect.left + qr.rect.width) / PIXELS + margin
        bottom = (qr.rect.top + qr.rect.height) / PIXELS + margin
        for word, x_min, y_min, x_max, y_max in words:
            self.assertFalse(
                x_min < right and x_max > left and y_min < bottom and y_max > top,
                f"{word!r} is printed on the QR code",
            )

    def test_arabic_words_are_not_split_on_the_label(self):
        name = "زيت زيتون بكر ممتاز 1 لتر من أونسا"
        self.product_coop.update_field_translations("name", {"ar_001": name})
        text = self._pdf_text(self._pdf([self.lot.id]))
        for word in name.split():
            self.assertIn(word, text.split(), "an Arabic word of the label is split")

    def test_net_content_is_printed_in_the_language_of_each_side(self):
        self.product_coop.update_field_translations(
            "coop_net_content", {"fr_FR": "250 ml", "ar_001": "250 مل"}
        )
        # printed by a user who reads Arabic: each side keeps its own language
        reports = self.env["ir.actions.report"].with_context(lang="ar_001")
        html, _report_type = reports._render_qweb_html(
            "coop_traceability.action_report_coop_lot_label", self.lot.ids
        )
        sides = [
            " ".join("".join(div.itertext()).split())
            for div in etree.fromstring(html, etree.HTMLParser()).xpath(
                "//div[contains(@class, 'o_coop_net_content')]"
            )
        ]
        self.assertEqual(sides, ["250 ml", "250 مل"], "French on the left, Arabic on the right")
        zpl, _report_type = reports._render_qweb_text(
            "coop_traceability.report_coop_lot_label_zpl", self.lot.ids
        )
        self.assertIn("250 ml", zpl.decode(), "the ZPL label is in French")

    def test_a_cosmetic_label_says_best_used_before(self):
        """Food is best consumed before its date, a cosmetic best used before it."""
        for is_food, french, arabic in (
            (True, "À consommer de préférence avant", "يُفضَّل استهلاكه قبل"),
            (False, "À utiliser de préférence avant", "يُفضَّل استعماله قبل"),
        ):
            self.product_coop.coop_is_food = is_food
            html, _report_type = self.env["ir.actions.report"]._render_qweb_html(
                "coop_traceability.action_report_coop_lot_label", self.lot.ids
            )
            captions = [
                " ".join("".join(div.itertext()).split())
                for div in etree.fromstring(html, etree.HTMLParser()).xpath(
                    "//div[contains(@class, 'o_coop_caption')]"
                )
            ]
            self.assertIn(french, captions, f"food: {is_food}")
            self.assertIn(arabic, captions, f"food: {is_food}")

    def test_label_layout_does_not_follow_the_language_of_the_user(self):
        """Printed by a user who reads Arabic, the page is right-to-left: the label stays
        left-to-right (French left, "250 ml" not "ml 250"), its Arabic cells right-to-left."""
        for lang, page_dir in (("fr_FR", "ltr"), ("ar_001", "rtl")):
            html, _report_type = (
                self.env["ir.actions.report"]
                .with_context(lang=lang)
                ._render_qweb_html("coop_traceability.action_report_coop_lot_label", self.lot.ids)
            )
            page = etree.fromstring(html, etree.HTMLParser())
            self.assertEqual(page.xpath("//body/@dir"), [page_dir], lang)
            labels = page.xpath("//div[@class='o_coop_label']")
            self.assertEqual([label.get("dir") for label in labels], ["ltr"], lang)
            arabic_cells = labels[0].xpath(".//td[contains(@class, 'o_coop_ar')]")
            self.assertEqual({cell.get("dir") for cell in arabic_cells}, {"rtl"}, lang)

    def test_label_of_an_unpublished_lot_made_by_hand(self):
        lot = self.env["stock.lot"].create({"name": "HAND-1", "product_id": self.product_coop.id})
        self.assertFalse(lot.coop_published)
        pdf = self._pdf([lot.id])
        self.assertEqual(self._qr_codes(pdf), [], "no QR code leading to a 404")
        text = self._pdf_text(pdf)
        self.assertIn("HAND-1", text)
        self.assertNotIn("Coopérative", text, "no caption without a cooperative")
        self.assertNotIn("التعاونية", text)
        zpl, _report_type = self.env["ir.actions.report"]._render_qweb_text(
            "coop_traceability.report_coop_lot_label_zpl", lot.ids
        )
        self.assertNotIn(b"^BQN", zpl)
        with self.assertRaisesRegex(UserError, "not published"):
            lot.action_coop_open_trace_page()
        lot.action_coop_publish()
        self.assertEqual(self._qr_codes(self._pdf([lot.id])), [lot.coop_trace_url])
        self.assertEqual(lot.action_coop_open_trace_page()["url"], lot.coop_trace_url)

    def test_one_label_per_unit_from_the_receipt(self):
        wizard = self.env["lot.label.layout"].create(
            {
                "move_line_ids": [(6, 0, self.receipt.move_line_ids.ids)],
                "label_quantity": "units",
                "print_format": "coop_pdf",
            }
        )
        action = wizard.process()
        self.assertEqual(action["report_name"], "coop_traceability.report_coop_lot_label")
        self.assertEqual(action["context"]["active_ids"], [self.lot.id] * 3)
        pdf = self._pdf(action["context"]["active_ids"])
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf_file:
            pdf_file.write(pdf)
            pdf_file.flush()
            info = self._run("pdfinfo", pdf_file.name)
        self.assertRegex(info, r"Pages:\s+3\b")

    def test_zpl_label(self):
        self.product_coop.with_context(lang="fr_FR").name = "Huile ^argan_test"
        wizard = self.env["lot.label.layout"].create(
            {
                "move_line_ids": [(6, 0, self.receipt.move_line_ids.ids)],
                "label_quantity": "lots",
                "print_format": "coop_zpl",
            }
        )
        action = wizard.process()
        self.assertEqual(action["report_type"], "qweb-text")
        zpl, report_type = self.env["ir.actions.report"]._render_qweb_text(
            action["report_name"], [self.lot.id, self.lot.id]
        )
        self.assertEqual(report_type, "text")
        zpl = zpl.decode()
        self.assertEqual(zpl.count("^XA"), 2)
        self.assertEqual(zpl.count("^XZ"), 2)
        self.assertIn("^CI28", zpl)
        self.assertIn(f"^FDLot: {self.lot.name}^FS", zpl)
        self.assertIn("Huile _5Eargan_5Ftest", zpl)
        url = self.lot.coop_trace_url
        self.assertIn(f"^BQN,2,5^FH_^FDMA,{url.replace('_', '_5F')}^FS", zpl)
        self.assertIn(self.lot.coop_production_date.strftime("%d/%m/%Y"), zpl)
        self.assertNotIn("&amp;", zpl)
