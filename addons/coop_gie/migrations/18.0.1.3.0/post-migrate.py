"""1.3.0: Arabic dates without Odoo's Latin comma (see arabic_terms), on a database that has
Arabic."""

from odoo import SUPERUSER_ID, api
from odoo.addons.coop_gie.arabic_terms import set_arabic_terms


def migrate(cr, version):
    set_arabic_terms(api.Environment(cr, SUPERUSER_ID, {}))
