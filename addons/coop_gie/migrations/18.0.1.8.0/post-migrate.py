"""1.8.0: the euro's hundredths in centimes in French and Arabic amounts in words ("Quatre-
Vingt-Dix Centimes", "تسعون سنتيماً"; see terms), on a database that has these languages."""

from odoo import SUPERUSER_ID, api
from odoo.addons.coop_gie.terms import set_terms


def migrate(cr, version):
    set_terms(api.Environment(cr, SUPERUSER_ID, {}))
