from odoo import models


class StockLot(models.Model):
    _inherit = "stock.lot"

    def _coop_trace_values(self, lang):
        """The trace page leads on to the shop: the cooperative's page (while she is
        public), the product's (while the shop sells it) and the shop, in the page's
        language."""
        values = super()._coop_trace_values(lang)
        website = self.env["website"].get_current_website()
        Lang = self.env["res.lang"]
        # no prefix for the website's default language, nor for one it does not speak
        prefix = ""
        default_lang = Lang._get_data(id=website._get_cached("default_lang_id"))
        if lang != default_lang.code and lang in website.language_ids.mapped("code"):
            prefix = "/" + Lang._get_data(code=lang).url_code
        cooperative = self.coop_partner_id.filtered_domain(
            self.env["coop.shop.filter"]._public_cooperative_domain()
        )
        template = self.with_context(lang=lang).product_id.product_tmpl_id
        sold = template.filtered_domain(
            [
                *website._product_domain(),
                *website.website_domain(),
                ("is_published", "=", True),
            ]
        )
        values["shop"] = {
            "cooperative_url": cooperative and prefix + cooperative.coop_website_url,
            "product_url": sold and prefix + sold.website_url,
            "shop_url": prefix + "/shop",
        }
        return values
