from odoo import fields, models


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

    _sql_constraints = [
        (
            "dates_order",
            "CHECK(date_end IS NULL OR date_end >= date_start)",
            "A fair cannot end before it starts.",
        ),
    ]
