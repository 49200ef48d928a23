from odoo import fields, models


class CoopTrainingAttendance(models.Model):
    _name = "coop.training.attendance"
    _description = "Attendance of a Cooperative to a Training"
    _order = "training_id, partner_id, id"

    training_id = fields.Many2one("coop.training", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Cooperative",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("is_cooperative", "=", True)],
    )
    attendee_name = fields.Char(string="Attendee", help="Who came for the cooperative.")
    attended = fields.Boolean(default=True)
    training_date = fields.Date(related="training_id.date", store=True)
    topic = fields.Selection(related="training_id.topic", store=True)
