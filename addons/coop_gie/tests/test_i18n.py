from datetime import date

from odoo import Command
from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import format_date

from .common import load_migration
from .common_i18n import I18nCoverageMixin


@tagged("post_install", "-at_install")
class TestI18n(I18nCoverageMixin, TransactionCase):
    # Odoo's loader only collects test methods defined on the class itself, unless told.
    allow_inherited_tests_method = True
    i18n_module = "coop_gie"

    def test_demo_products_read_in_french_and_arabic(self):
        self._assert_demo_translated("product.template", ("name", "description_sale"))

    def test_arabic_installed_after_the_suite_counts_pieces_in_units(self):
        """Quantities of pieces read "5 وحدة" in Arabic SMS and explanations: Odoo's own
        Arabic name of the unit ("الوحدات", the units), loaded with Arabic after the suite,
        is replaced."""
        self.env["res.lang"]._activate_lang("ar_001")
        unit = self.env.ref("uom.product_uom_unit")
        unit.update_field_translations("name", {"ar_001": "الوحدات"})
        self.env["ir.module.module"]._load_module_terms(["uom"], ["ar_001"])
        self.assertEqual(unit.with_context(lang="ar_001").name, "وحدة")

    def test_arabic_dates_have_no_latin_comma(self):
        """Odoo writes Arabic dates "01 ديسمبر, 2026": the suite's are "01 ديسمبر 2026" (on
        statements, the portal, SMS), unless the GIE chose a format of its own."""
        lang = self.env["res.lang"]._activate_lang("ar_001")
        lang.date_format = "%d %b, %Y"  # Odoo's, as Arabic is installed after the suite
        self.env["ir.module.module"]._load_module_terms(["base"], ["ar_001"])
        day = date(2026, 12, 1)
        self.assertEqual(format_date(self.env, day, lang_code="ar_001"), "01 ديسمبر 2026")
        lang.date_format = "%d/%m/%Y"
        self.env["ir.module.module"]._load_module_terms(["base"], ["ar_001"])
        self.assertEqual(format_date(self.env, day, lang_code="ar_001"), "01/12/2026")

    def test_french_amounts_in_words_count_dirhams(self):
        """Odoo's label of the dirham is the singular: "Mille Deux Cents Dirham". French
        writes the plural from two on, the singular below, for the dirham and the centime,
        also when French is installed after the suite; Arabic keeps "درهم"."""
        self.env["res.lang"]._activate_lang("fr_FR")
        mad = self.env.ref("base.MAD")
        mad.update_field_translations("currency_unit_label", {"fr_FR": "Dirham"})  # Odoo's
        self.env["ir.module.module"]._load_module_terms(["base"], ["fr_FR"])
        french = mad.with_context(lang="fr_FR")
        self.assertEqual(french.amount_to_text(1200), "Mille Deux Cents Dirhams")
        self.assertEqual(
            french.amount_to_text(1234.5),
            "Mille Deux Cent Trente-Quatre Dirhams et Cinquante Centimes",
        )
        self.assertEqual(french.amount_to_text(1.01), "Un Dirham et Un Centime")
        self.assertEqual(french.amount_to_text(0), "Zéro Dirham")
        self.assertEqual(french.currency_unit_label, "Dirhams", "the label itself is unchanged")
        arabic = mad.with_context(lang="ar_001").amount_to_text(1200)
        self.assertTrue(arabic.endswith(" درهم"), arabic)

    def test_amounts_in_words_agree_with_their_number(self):
        """Arabic writes the dirham after its number as a counted noun (dual, plural from 3
        to 10, accusative singular from 11 to 99, singular for round hundreds and more, by
        the last two digits: "ستون درهماً"); French puts "de" after a million
        directly followed by the unit."""
        self.env["res.lang"]._activate_lang("fr_FR")
        mad = self.env.ref("base.MAD")
        arabic = mad.with_context(lang="ar_001")
        # one after its noun, the dual alone
        self.assertEqual(arabic.amount_to_text(1), "درهم واحد")
        self.assertEqual(arabic.amount_to_text(2), "درهمان")
        for amount, unit in (
            (3, "ثلاثة دراهم"),
            (10, " دراهم"),
            (11, " درهماً"),
            (60, "ستون درهماً"),
            (99, " درهماً"),
            (100, " درهم"),
            (103, " دراهم"),
            (105, " دراهم"),
            (3360, " وستون درهماً"),  # "و" (and) on the word after it
            (1000, " درهم"),
            (1000000, " درهم"),
        ):
            with self.subTest(amount=amount):
                self.assertTrue(arabic.amount_to_text(amount).endswith(unit), amount)
        self.assertTrue(arabic.amount_to_text(2.03).startswith("درهمان "))
        self.assertTrue(arabic.amount_to_text(2.03).endswith(" سنتيمات"))
        self.assertTrue(arabic.amount_to_text(1.02).startswith("درهم واحد "))
        self.assertTrue(arabic.amount_to_text(1.02).endswith(" وسنتيمان"))
        self.assertTrue(arabic.amount_to_text(1.15).endswith(" سنتيماً"))
        self.assertNotIn("اثنان", arabic.amount_to_text(1.02))
        french = mad.with_context(lang="fr_FR")
        for amount, text in (
            (1, "Un Dirham"),
            (2, "Deux Dirhams"),
            (105, "Cent Cinq Dirhams"),
            (1000000, "Un Million de Dirhams"),
            (2000000000, "Deux Milliards de Dirhams"),
            (1200000, "Un Million Deux Cent Mille Dirhams"),
        ):
            with self.subTest(amount=amount):
                self.assertEqual(french.amount_to_text(amount), text)

    def test_euro_invoice_in_words_counts_centimes(self):
        """A customer in France paying in euros reads her invoice's amount in words with
        centimes, not Odoo's French "Cents"; Arabic says "سنتيم" too (Odoo's "سنتات",
        cents), as for the dirham. Written on a database of 1.7.0 by the 1.8.0 migration."""
        eur = self.env.ref("base.EUR")
        eur.active = True
        # Odoo's labels, as a database of 1.7.0 has them
        eur.update_field_translations(
            "currency_subunit_label", {"fr_FR": "Cents", "ar_001": "سنتات "}
        )
        eur.update_field_translations("currency_unit_label", {"ar_001": "يورو "})
        migration = load_migration("coop_gie", "18.0.1.8.0")
        migration.migrate(self.env.cr, "18.0.1.7.0")
        self.env.invalidate_all()

        customer = self.env["res.partner"].create({"name": "Claire Test", "lang": "fr_FR"})
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "currency_id": eur.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Argan oil",
                            "quantity": 1,
                            "price_unit": 93.90,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        self.assertEqual(
            invoice.with_context(lang="fr_FR").amount_total_words,
            "Quatre-Vingt-Treize Euros et Quatre-Vingt-Dix Centimes",
        )
        french = eur.with_context(lang="fr_FR")
        self.assertEqual(french.amount_to_text(1.01), "Un Euro et Un Centime")
        arabic = eur.with_context(lang="ar_001")
        self.assertEqual(arabic.amount_to_text(93.90), "ثلاثة وتسعون يورو وتسعون سنتيماً")
        self.assertEqual(arabic.amount_to_text(2.03), "اثنان يورو وثلاثة سنتيمات")
