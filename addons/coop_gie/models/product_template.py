from odoo import fields, models

from .coop_cost_mixin import COST_GROUPS


class ProductTemplate(models.Model):
    _name = "product.template"
    _inherit = ["product.template", "coop.cost.mixin"]

    coop_sourced = fields.Boolean(
        string="Made by Cooperatives",
        help="Product made by the cooperatives of the GIE and routed to them when ordered.",
    )
    coop_certification_ids = fields.Many2many(
        "coop.certification",
        "coop_certification_product_rel",
        "product_tmpl_id",
        "certification_id",
        string="Certifications",
        readonly=True,
    )
    # Least privilege: Odoo gives the cost to every internal user; a cooperative manager
    # (internal user) is excluded (see coop.cost.mixin). Views drop the field for her;
    # Python code (valuation, routing) still reads it as before.
    standard_price = fields.Float(groups=COST_GROUPS)
