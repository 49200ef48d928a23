from odoo import api, fields, models


class CoopCertificationType(models.Model):
    _name = "coop.certification.type"
    _description = "Certification or Quality Label Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Stable code, e.g. ONSSA, IGP_ARGANE, ORGANIC.")
    sequence = fields.Integer(default=10)
    mandatory = fields.Boolean(
        help="Every cooperative must hold a valid one to be eligible to sell."
    )
    is_quality_label = fields.Boolean(
        string="Quality Label", help="Shown as a badge to customers (shop, labels)."
    )
    image = fields.Image(string="Badge", max_width=256, max_height=256)
    description = fields.Text(translate=True)
    expiry_warning_days = fields.Integer(
        string="Warn Days Before Expiry",
        default=30,
        help="The daily check schedules an activity this many days before expiry.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "The code of a certification type must be unique."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        types = super().create(vals_list)
        if any(t.mandatory for t in types):
            self._recompute_all_cooperatives()
        return types

    def write(self, vals):
        res = super().write(vals)
        if "mandatory" in vals or "active" in vals:
            self._recompute_all_cooperatives()
        return res

    def _recompute_all_cooperatives(self):
        # A type that becomes mandatory changes the eligibility of every cooperative, even
        # those without any certification of it: the ORM dependencies cannot see that.
        self.env["res.partner"].with_context(active_test=False).search(
            [("is_cooperative", "=", True)]
        )._coop_recompute_eligibility()
