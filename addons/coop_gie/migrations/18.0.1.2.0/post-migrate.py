"""1.2.0: the suite's Arabic terms of Odoo's records (see terms) moved here from
coop_account, with the unit of pieces: write them on a database that has Arabic."""

from odoo import SUPERUSER_ID, api
from odoo.addons.coop_gie.terms import set_terms


def migrate(cr, version):
    set_terms(api.Environment(cr, SUPERUSER_ID, {}))
