from odoo import models
from odoo.osv import expression


class Website(models.Model):
    _inherit = "website"

    def _product_domain(self):
        """Products of cooperatives that are not eligible are not sold (shop, search, sitemap)."""
        return expression.AND([super()._product_domain(), [("coop_sellable", "=", True)]])

    def _coop_has_terms_page(self):
        """Whether ``/terms`` shows the terms of the website's company (Odoo's page answers
        an error page unless they are set as a web page in the invoicing settings)."""
        self.ensure_one()
        params = self.env["ir.config_parameter"].sudo()  # sudo: reading a setting
        return bool(params.get_param("account.use_invoice_terms")) and (
            self.company_id.sudo().terms_type == "html"  # sudo: a setting of the company
        )

    def _coop_follows_company_logo(self):
        """Whether the website shows Odoo's placeholder logo ("YourLogo") or its company's:
        then it follows the company's (see ``_coop_logo_from_company``)."""
        self.ensure_one()
        return self.logo in (self._default_logo(), self.company_id.logo)

    def _coop_logo_from_company(self):
        """Show their company's logo on the websites, when it has one of its own: Odoo's
        website configurator does it for the websites it creates, not for the first one,
        made on install with Odoo's placeholder."""
        for website in self:
            if not website.company_id.uses_default_logo:
                website.logo = website.company_id.logo
