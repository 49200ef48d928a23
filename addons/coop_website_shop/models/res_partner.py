from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    coop_website_url = fields.Char(
        string="Cooperative Page",
        compute="_compute_coop_website_url",
        help="Public page of the cooperative on the storefront.",
    )

    @api.depends("is_cooperative", "name")
    def _compute_coop_website_url(self):
        for partner in self:
            partner.coop_website_url = (
                f"/cooperatives/{partner._coop_slug()}"
                if partner.is_cooperative and partner.id
                else False
            )

    def _coop_slug(self):
        """Slug of the cooperative page, from the name only (no extra query per partner)."""
        self.ensure_one()
        return self.env["ir.http"]._slug((self.id, self.name))
