from odoo import api, fields, models
from odoo.exceptions import ValidationError


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
    # the unit after each quantity on her phone, in the form her language writes there
    ordered_uom_name = fields.Char(string="Unit Asked", compute="_compute_uom_names")
    accepted_uom_name = fields.Char(string="Unit Delivered", compute="_compute_uom_names")

    @api.depends("uom_id", "ordered_qty", "accepted_qty")
    @api.depends_context("lang")
    def _compute_uom_names(self):
        for line in self:
            line.ordered_uom_name = line.uom_id._coop_name_after(line.ordered_qty)
            line.accepted_uom_name = line.uom_id._coop_name_after(line.accepted_qty)

    @api.constrains("wizard_id", "purchase_line_id")
    def _check_line_of_the_order(self):
        """A line of the order she answers only: its related fields are read as superuser,
        and would show any order's line to whoever names it."""
        for line in self.sudo():  # sudo: compares ids, whoever's line was named
            if line.purchase_line_id.order_id != line.wizard_id.purchase_id:
                raise ValidationError(
                    self.env._("You can only answer for the lines of the order you answer.")
                )
