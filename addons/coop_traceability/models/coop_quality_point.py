from odoo import api, fields, models


class CoopQualityPoint(models.Model):
    _name = "coop.quality.point"
    _description = "Quality Check Point on Receipt"
    _order = "product_tmpl_id, sequence, id"

    name = fields.Char(string="Measure", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    product_tmpl_id = fields.Many2one(
        "product.template", string="Product", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="product_tmpl_id.company_id", store=True)
    unit = fields.Char(
        string="Unit", translate=True, help="Unit of the measure, e.g. % or meq O2/kg."
    )
    min_value = fields.Float(string="Minimum", digits=(16, 3))
    max_value = fields.Float(string="Maximum", digits=(16, 3), required=True)
    note = fields.Text(string="Method", translate=True, help="How to measure.")

    _sql_constraints = [
        (
            "limits_ordered",
            "CHECK(min_value <= max_value)",
            "The minimum of a quality check cannot exceed its maximum.",
        ),
    ]

    @api.depends("name", "unit", "min_value", "max_value")
    def _compute_display_name(self):
        for point in self:
            low, high = format(point.min_value, "g"), format(point.max_value, "g")
            limits = " ".join(filter(None, [low + " - " + high, point.unit]))
            point.display_name = self.env._(
                "%(name)s (%(limits)s)", name=point.name or "", limits=limits
            )
