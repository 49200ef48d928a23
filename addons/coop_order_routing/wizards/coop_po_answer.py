from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero


class CoopPoAnswer(models.TransientModel):
    """The cooperative's answer from the phone: accept part, refuse or propose a date."""

    _name = "coop.po.answer"
    _description = "Answer to a Cooperative Order"

    purchase_id = fields.Many2one("purchase.order", required=True, readonly=True)
    mode = fields.Selection(
        [
            ("partial", "Accept part"),
            ("refuse", "Refuse"),
            ("propose_date", "Propose another date"),
        ],
        required=True,
        default="partial",
    )
    reason = fields.Text()
    proposed_date = fields.Datetime(string="Date I Can Deliver")
    line_ids = fields.One2many("coop.po.answer.line", "wizard_id", string="Quantities")

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        po = self.env["purchase.order"].browse(res.get("purchase_id"))
        if po and "line_ids" in fields_list:
            po._coop_check_answerer()
            res["line_ids"] = [
                Command.create({"purchase_line_id": line.id, "accepted_qty": line.product_qty})
                for line in po.order_line
                if not line.display_type
            ]
        return res

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._coop_check_purchase(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._coop_check_purchase(vals)
        return super().write(vals)

    def _coop_check_purchase(self, vals):
        """Only an order she may answer: default_get is not the only way in."""
        if vals.get("purchase_id"):
            self.env["purchase.order"].browse(vals["purchase_id"])._coop_check_answerer()

    def action_confirm(self):
        self.ensure_one()
        po = self.purchase_id
        is_staff = self.env.user.has_group("coop_gie.group_gie_user")
        channel = "staff" if is_staff else "mobile"
        reason = (self.reason or "").strip()
        quantities = {ln.purchase_line_id.id: ln.accepted_qty for ln in self.line_ids}
        if self.mode == "partial":
            # her quantities first: 0.4 bottle is not a refusal asking for a reason
            po._coop_check_accepted(quantities)
        # accepting none of it, or none of a product, is a refusal: it needs a reason too
        # (staff route it again, and want to know why)
        refused = self.mode == "refuse" or (
            self.mode == "partial"
            and any(
                float_is_zero(
                    ln.accepted_qty, precision_rounding=ln.purchase_line_id.product_uom.rounding
                )
                for ln in self.line_ids
            )
        )
        if refused and not reason:
            raise UserError(self.env._("Please say why you refuse."))
        if self.mode == "partial":
            po._coop_answer_or_raise(
                "partial", channel=channel, quantities=quantities, reason=reason
            )
        elif self.mode == "refuse":
            po._coop_answer_or_raise("refuse", channel=channel, reason=reason)
        else:
            if not self.proposed_date:
                raise UserError(self.env._("Give the date you can deliver."))
            po._coop_answer_or_raise("propose_date", channel=channel, date=self.proposed_date)
        return {"type": "ir.actions.act_window_close"}
