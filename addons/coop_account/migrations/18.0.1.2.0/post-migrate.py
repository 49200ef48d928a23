"""1.2.0: Arabic names of the Moroccan VAT groups ("VAT 20%" in the totals customers read
in Arabic), where they are missing."""

from odoo import SUPERUSER_ID, api
from odoo.addons.coop_account.hooks import load_ma_tax_group_names


def migrate(cr, version):
    load_ma_tax_group_names(api.Environment(cr, SUPERUSER_ID, {}))
