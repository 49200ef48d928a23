from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _coop_history(self):
        history = super()._coop_history()
        # sudo: only a count is read, to decide whether deleting the cooperative is allowed.
        if self.env["purchase.order"].sudo().search_count([("partner_id", "=", self.id)], limit=1):
            history.append(self.env._("purchase orders"))
        return history
