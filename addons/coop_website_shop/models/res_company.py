from odoo import models


class ResCompany(models.Model):
    _inherit = "res.company"

    def write(self, vals):
        """The websites showing the company's logo (or Odoo's placeholder) follow it when
        it changes."""
        if "logo" not in vals:
            return super().write(vals)
        websites = (
            self.env["website"]
            .sudo()  # sudo: the logo of the company's websites, written by who writes hers
            .search([("company_id", "in", self.ids)])
        )
        following = websites.filtered(lambda website: website._coop_follows_company_logo())
        res = super().write(vals)
        following._coop_logo_from_company()
        return res
