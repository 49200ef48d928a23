from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    coop_membership_id = fields.Many2one(
        "coop.membership",
        string="GIE Membership",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )
    coop_fee_year = fields.Integer(string="GIE Fee Year", copy=False, readonly=True)
    coop_fee_reminded = fields.Boolean(string="GIE Fee Reminder Sent", copy=False, readonly=True)
