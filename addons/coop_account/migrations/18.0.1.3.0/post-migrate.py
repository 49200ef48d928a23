"""1.3.0: the labels customers read of the Moroccan sale taxes ("VAT 20%", not "20% 80"),
where they are still l10n_ma's."""

from odoo import SUPERUSER_ID, api
from odoo.addons.coop_account.hooks import load_ma_tax_labels


def migrate(cr, version):
    load_ma_tax_labels(api.Environment(cr, SUPERUSER_ID, {}))
