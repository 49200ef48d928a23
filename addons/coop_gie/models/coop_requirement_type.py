from odoo import fields, models


class CoopRequirementType(models.Model):
    _name = "coop.requirement.type"
    _description = "Onboarding Requirement Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    mandatory = fields.Boolean(
        default=True, help="A cooperative cannot become an active member while it is missing."
    )
    description = fields.Text(translate=True, help="What is expected: document or fact.")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "The code of a requirement type must be unique."),
    ]
