from odoo import fields, models

MEMBER_ROLES = [
    ("president", "President"),
    ("vice_president", "Vice-President"),
    ("treasurer", "Treasurer"),
    ("secretary", "Secretary"),
    ("member", "Member"),
]


class CoopMember(models.Model):
    """A lean register of the members of a cooperative (no national ID numbers)."""

    _name = "coop.member"
    _description = "Member of a Cooperative"
    _inherit = ["coop.access.mixin"]
    _order = "partner_id, name"

    name = fields.Char(required=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Cooperative",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("is_cooperative", "=", True)],
        default=lambda self: self.env.user.coop_id,
    )
    douar = fields.Char(string="Douar / Village")
    role = fields.Selection(MEMBER_ROLES, default="member", required=True)
    joining_date = fields.Date()
    is_woman = fields.Boolean(string="Woman", default=True)
    active = fields.Boolean(default=True)
