from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    coop_cod_journal_id = fields.Many2one(related="company_id.coop_cod_journal_id", readonly=False)
