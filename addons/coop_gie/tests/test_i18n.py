from odoo.tests import TransactionCase, tagged

from .common_i18n import I18nCoverageMixin


@tagged("post_install", "-at_install")
class TestI18n(I18nCoverageMixin, TransactionCase):
    # Odoo's loader only collects test methods defined on the class itself, unless told.
    allow_inherited_tests_method = True
    i18n_module = "coop_gie"

    def test_demo_products_read_in_french_and_arabic(self):
        self._assert_demo_translated("product.template", ("name", "description_sale"))
