from odoo import models


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _is_add_to_cart_allowed(self):
        return super()._is_add_to_cart_allowed() and self.product_tmpl_id.coop_sellable
