from odoo import fields, models


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
