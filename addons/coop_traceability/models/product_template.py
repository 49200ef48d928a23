from odoo import api, fields, models

from ..lib import gs1


class ProductTemplate(models.Model):
    _inherit = "product.template"

    coop_net_content = fields.Char(
        string="Net Content",
        translate=True,
        help="Net quantity printed on labels, e.g. 250 ml or 1 kg.",
    )
    coop_is_food = fields.Boolean(
        string="Food Product",
        default=True,
        help="Eaten or drunk (e.g. food argan oil, amlou, couscous). Untick it for cosmetics, "
        'soap or essential oils: their label and trace page say "best used before" and '
        '"do not use it" instead of the wording of food.',
    )
    coop_quality_point_ids = fields.One2many(
        "coop.quality.point", "product_tmpl_id", string="Quality Checks on Receipt"
    )


class ProductProduct(models.Model):
    _inherit = "product.product"

    coop_gtin = fields.Char(
        string="GTIN-14",
        compute="_compute_coop_gtin",
        help="14-digit GTIN of the barcode when it is a valid EAN/UPC/GTIN.",
    )

    @api.depends("barcode")
    def _compute_coop_gtin(self):
        for product in self:
            product.coop_gtin = gs1.to_gtin14(product.barcode) or False
