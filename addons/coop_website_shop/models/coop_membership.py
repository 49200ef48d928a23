from odoo import api, models


class CoopMembership(models.Model):
    _inherit = "coop.membership"

    @api.model
    def _cron_daily(self):
        """Also daily: what the shop sells follows the validity of the certifications
        products require (the eligibility of their makers recomputes the others)."""
        res = super()._cron_daily()
        self.env["product.template"].with_context(active_test=False).search(
            [("coop_sourced", "=", True), ("coop_required_certification_type_ids", "!=", False)]
        )._coop_recompute_sellable()
        return res
