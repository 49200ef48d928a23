from odoo import api, fields, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    coop_is_quarantine = fields.Boolean(
        string="Quality Quarantine",
        help="Lots that failed a quality check wait here, outside the stock that deliveries "
        "reserve from, until a GIE manager decides.",
    )

    @api.model
    def _coop_quarantine_location(self, company=None):
        """The quarantine location of ``company`` (created under its first warehouse)."""
        company = company or self.env.company
        locations = self.sudo().with_context(  # sudo: company configuration, her own company only
            active_test=False
        )
        location = locations.search(
            [("coop_is_quarantine", "=", True), ("company_id", "=", company.id)], limit=1
        )
        if location:
            return location.sudo(False)
        warehouse = (
            self.env["stock.warehouse"]
            .sudo()  # sudo: the warehouse hosting quarantine
            .search([("company_id", "=", company.id)], limit=1)
        )
        location = locations.create(
            {
                "name": self.env._("Quality Quarantine"),
                "usage": "internal",
                "location_id": warehouse.view_location_id.id if warehouse else False,
                "company_id": company.id,
                "coop_is_quarantine": True,
            }
        )
        return location.sudo(False)
