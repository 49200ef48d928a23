"""1.1.0: a website still showing Odoo's placeholder logo shows its company's; the Arabic
of the sales e-mails' subjects (see terms), where they are still in English."""

from odoo import SUPERUSER_ID, api
from odoo.addons.coop_website_shop.hooks import post_init_hook


def migrate(cr, version):
    post_init_hook(api.Environment(cr, SUPERUSER_ID, {}))
