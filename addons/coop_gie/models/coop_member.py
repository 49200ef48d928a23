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

    def write(self, vals):
        if "partner_id" not in vals:
            return super().write(vals)
        partners = self.partner_id
        registers = partners._coop_register_counts()
        res = super().write(vals)
        partners._coop_zero_counts_of_emptied_registers(registers)
        return res

    def unlink(self):
        partners = self.partner_id
        registers = partners._coop_register_counts()
        res = super().unlink()
        partners._coop_zero_counts_of_emptied_registers(registers)
        return res
