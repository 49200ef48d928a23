from odoo import fields, models

COST_GROUPS = "base.group_user,!coop_gie.group_coop_manager"


class ProductTemplate(models.Model):
    _inherit = "product.template"

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
    # Least privilege: the cost is the GIE's business, not the cooperatives'. Odoo gives it to
    # every internal user; a cooperative manager (internal user) is excluded. Views drop the
    # field for her; Python code (valuation, routing) still reads it as before.
    standard_price = fields.Float(groups=COST_GROUPS)
