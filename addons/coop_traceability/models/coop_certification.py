from odoo import api, models
from odoo.exceptions import UserError


class CoopCertification(models.Model):
    _inherit = "coop.certification"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_on_lots(self):
        """Lots keep the certifications valid when they were made, for their labels and
        trace pages: deleting one would silently take it off lots already sold."""
        lots = (
            self.env["stock.lot"]
            .sudo()  # sudo: counts the lots of any company that carry these certifications
            .search([("coop_certification_ids", "in", self.ids)], limit=1)
        )
        if lots:
            raise UserError(
                self.env._(
                    "%(cert)s is on the label of lot %(lot)s: it cannot be deleted.",
                    cert=(self & lots.coop_certification_ids)[0].display_name,
                    lot=lots.name,
                )
            )
