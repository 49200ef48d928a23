from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class CoopPayoutStatementGenerate(models.TransientModel):
    _name = "coop.payout.statement.generate"
    _description = "Prepare Payout Statements"

    @api.model
    def _default_date_from(self):
        return fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)

    @api.model
    def _default_date_to(self):
        return fields.Date.context_today(self).replace(day=1) - relativedelta(days=1)

    date_from = fields.Date(string="From", required=True, default=_default_date_from)
    date_to = fields.Date(string="To", required=True, default=_default_date_to)
    partner_ids = fields.Many2many(
        "res.partner",
        string="Cooperatives",
        domain=[("is_cooperative", "=", True)],
        help="Leave empty for every cooperative with entries on her payable account.",
    )

    def action_generate(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(self.env._("The period ends before it starts."))
        statements = self.env["coop.payout.statement"]._coop_create_for_period(
            self.date_from, self.date_to, partners=self.partner_ids or None
        )
        if not statements:
            raise UserError(self.env._("No cooperative has entries up to this date."))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_account.action_coop_payout_statement"
        )
        action["domain"] = [("id", "in", statements.ids)]
        return action
