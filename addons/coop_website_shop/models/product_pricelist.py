from odoo import models
from odoo.osv import expression


class ProductPricelist(models.Model):
    _inherit = "product.pricelist"

    def _coop_rated_domain(self, website):
        """Offered by the shop once its currency has a rate, when it is not the company's:
        without one, Odoo converts at 1 (a 150 DH product for 150 €, or 1.50 €...)."""
        company = website.company_id
        return [
            "|",
            ("currency_id", "=", company.currency_id.id),
            ("currency_id.rate_ids", "any", [("company_id", "in", [False, company.id])]),
        ]

    def _get_website_pricelists_domain(self, website):
        return expression.AND(
            [super()._get_website_pricelists_domain(website), self._coop_rated_domain(website)]
        )

    def _is_available_on_website(self, website):
        if not super()._is_available_on_website(website):
            return False
        company = website.company_id
        rates = self.currency_id.sudo().rate_ids  # sudo: whether a rate exists, for a visitor
        return self.currency_id == company.currency_id or any(
            not rate.company_id or rate.company_id == company for rate in rates
        )
