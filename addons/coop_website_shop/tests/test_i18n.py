from odoo.addons.coop_gie.tests.common_i18n import I18nCoverageMixin
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestI18n(I18nCoverageMixin, TransactionCase):
    i18n_module = "coop_website_shop"
