from odoo.tests import TransactionCase, tagged

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
