from odoo import fields, models


class BarcodeRule(models.Model):
    _inherit = "barcode.rule"

    type = fields.Selection(
        selection_add=[("coop_production_date", "Production Date")],
        ondelete={"coop_production_date": "set default"},
    )
