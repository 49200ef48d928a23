from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.constrains("coop_id", "partner_id", "active")
    def _check_coop_sms_number(self):
        # a manager's own mobile is one SMS answers are taken from (see res.partner)
        self.partner_id._coop_check_sms_number()
