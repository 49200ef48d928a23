from odoo.addons.coop_gie.tests.common_i18n import I18nCoverageMixin
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestI18n(I18nCoverageMixin, TransactionCase):
    i18n_module = "coop_traceability"
    # The test method comes from the mixin: let Odoo's loader collect inherited tests.
    allow_inherited_tests_method = True

    def test_demo_quality_points_read_in_french_and_arabic(self):
        self._assert_demo_translated("coop.quality.point", ("name", "unit"))

    def test_demo_products_read_in_french_and_arabic(self):
        self._assert_demo_translated("product.template", ("name", "coop_net_content"))
