from odoo import fields, models

from .product_template import COST_GROUPS


class ProductProduct(models.Model):
    _inherit = "product.product"

    # Cost hidden from cooperative managers, as on the template.
    standard_price = fields.Float(groups=COST_GROUPS)
