from odoo import fields, models

from .coop_cost_mixin import COST_GROUPS


class ProductProduct(models.Model):
    _name = "product.product"
    _inherit = ["product.product", "coop.cost.mixin"]

    # Cost hidden from cooperative managers, as on the template.
    standard_price = fields.Float(groups=COST_GROUPS)
