"""1.3.0: Arabic dates without Odoo's Latin comma (see terms), on a database that has
Arabic."""

from odoo import SUPERUSER_ID, api
from odoo.addons.coop_gie.terms import set_terms


def migrate(cr, version):
    set_terms(api.Environment(cr, SUPERUSER_ID, {}))
