from odoo import models
from odoo.osv import expression


class Website(models.Model):
    _inherit = "website"

    def _product_domain(self):
        """Products of cooperatives that are not eligible are not sold (shop, search, sitemap)."""
        return expression.AND([super()._product_domain(), [("coop_sellable", "=", True)]])
