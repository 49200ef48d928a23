from odoo import fields, models


class CoopPoAnswerLine(models.TransientModel):
    _name = "coop.po.answer.line"
    _description = "Answer Line"
    _inherit = ["coop.access.mixin"]

    wizard_id = fields.Many2one("coop.po.answer", required=True, ondelete="cascade")
    purchase_line_id = fields.Many2one("purchase.order.line", required=True)
    # what she answers about comes from her order line: shown the same after a failed try
    # (an answer without a reason), whatever the client sends back
    product_id = fields.Many2one(related="purchase_line_id.product_id")
    ordered_qty = fields.Float(related="purchase_line_id.product_qty")
    accepted_qty = fields.Float(digits="Product Unit of Measure")
    uom_id = fields.Many2one(related="purchase_line_id.product_uom", string="Unit")
