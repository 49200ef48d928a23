"""1.3.0: the checkout's steps read "1 sur 3" in French, where Odoo's "1 ou 3" is still
there (see terms)."""

from odoo import SUPERUSER_ID, api
from odoo.addons.coop_website_shop.terms import set_model_translations


def migrate(cr, version):
    set_model_translations(api.Environment(cr, SUPERUSER_ID, {}))
