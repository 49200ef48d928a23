"""1.6.0: dirhams in the plural in French amounts in words (see terms), on a database that
has French."""

from odoo import SUPERUSER_ID, api
from odoo.addons.coop_gie.terms import FRENCH, set_terms


def migrate(cr, version):
    set_terms(api.Environment(cr, SUPERUSER_ID, {}), [FRENCH])
