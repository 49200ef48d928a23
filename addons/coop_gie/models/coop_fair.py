from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CoopFair(models.Model):
    _name = "coop.fair"
    _description = "Fair with Participating Cooperatives"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    scope = fields.Selection(
        [
            ("local", "Local"),
            ("regional", "Regional"),
            ("national", "National"),
            ("international", "International"),
        ],
        required=True,
        default="regional",
    )
    date_start = fields.Date(string="Start Date", required=True)
    date_end = fields.Date(string="End Date")
    location = fields.Char()
    company_id = fields.Many2one(
        "res.company", string="GIE", required=True, default=lambda self: self.env.company
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "coop_fair_partner_rel",
        "fair_id",
        "partner_id",
        string="Participating Cooperatives",
        domain=[("is_cooperative", "=", True)],
    )
    sales_amount = fields.Monetary(string="Sales at the Fair", currency_field="currency_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    note = fields.Html()

    @api.constrains("date_start", "date_end")
    def _check_dates_order(self):
        # not an SQL constraint: Odoo's import shows their messages untranslated
        if any(f.date_start and f.date_end and f.date_end < f.date_start for f in self):
            raise ValidationError(self.env._("A fair cannot end before it starts."))
