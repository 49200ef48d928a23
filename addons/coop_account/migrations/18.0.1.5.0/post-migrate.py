"""1.5.0: the labels cooperatives read of the Moroccan purchase taxes on their bills ("TVA
20 %", not "Achats non immobilisés à l'interieur"), where they are still l10n_ma's."""

from odoo import SUPERUSER_ID, api
from odoo.addons.coop_account.hooks import load_ma_tax_labels


def migrate(cr, version):
    load_ma_tax_labels(api.Environment(cr, SUPERUSER_ID, {}))
