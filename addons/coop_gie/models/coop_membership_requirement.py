from odoo import api, fields, models


class CoopMembershipRequirement(models.Model):
    _name = "coop.membership.requirement"
    _description = "Onboarding Checklist Item"
    _order = "membership_id, sequence, id"

    membership_id = fields.Many2one(
        "coop.membership", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(
        related="membership_id.partner_id", store=True, index=True, string="Cooperative"
    )
    type_id = fields.Many2one(
        "coop.requirement.type", string="Requirement", required=True, ondelete="restrict"
    )
    sequence = fields.Integer(related="type_id.sequence", store=True)
    mandatory = fields.Boolean(related="type_id.mandatory", store=True)
    document = fields.Binary(attachment=True, help="Attached document proving it.")
    document_name = fields.Char()
    fact = fields.Char(
        string="Recorded Fact",
        help="When no document is needed: what was checked (e.g. the ICE number, the date "
        "of the training attended).",
    )
    date_done = fields.Date(string="Checked On")
    satisfied = fields.Boolean(compute="_compute_satisfied", store=True)

    _sql_constraints = [
        (
            "type_unique",
            "unique(membership_id, type_id)",
            "Each requirement appears once in a checklist.",
        ),
    ]

    @api.depends("document", "fact")
    def _compute_satisfied(self):
        for line in self:
            line.satisfied = bool(line.document or (line.fact or "").strip())

    @api.model
    def _coop_gives_evidence(self, vals):
        """Whether ``vals`` bring a document or a fact (blanks are no fact, as for
        ``satisfied``): the line is then checked today."""
        return bool(vals.get("document") or (vals.get("fact") or "").strip())

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if self._coop_gives_evidence(vals) and not vals.get("date_done"):
                vals["date_done"] = fields.Date.context_today(self)
        return super().create(vals_list)

    def write(self, vals):
        if self._coop_gives_evidence(vals) and "date_done" not in vals:
            vals["date_done"] = fields.Date.context_today(self)
        return super().write(vals)
