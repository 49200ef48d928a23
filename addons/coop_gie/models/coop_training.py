from odoo import api, fields, models


class CoopTraining(models.Model):
    _name = "coop.training"
    _description = "Training Session for Cooperatives"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    topic = fields.Selection(
        [
            ("digital_marketing", "Digital Marketing"),
            ("ecommerce", "E-commerce"),
            ("quality", "Quality and Hygiene"),
            ("management", "Management"),
            ("other", "Other"),
        ],
        required=True,
        default="ecommerce",
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    duration = fields.Float(string="Duration (hours)")
    trainer = fields.Char()
    location = fields.Char()
    company_id = fields.Many2one(
        "res.company", string="GIE", required=True, default=lambda self: self.env.company
    )
    attendance_ids = fields.One2many("coop.training.attendance", "training_id", string="Attendance")
    attendee_count = fields.Integer(compute="_compute_attendee_count", string="Attendees")
    note = fields.Html()

    @api.depends("attendance_ids.attended")
    def _compute_attendee_count(self):
        for training in self:
            training.attendee_count = len(training.attendance_ids.filtered("attended"))
