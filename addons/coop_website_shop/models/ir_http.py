from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        """The shop's pages read the words of the web client translated by this module too:
        ``i18n_extra/ar.po`` gives the Arabic of Odoo's words that its Arabic leaves empty
        (the checkout's "Computed after delivery"). The web client puts the translations
        of all these modules in one dictionary, this module's after Odoo's."""
        return [*super()._get_translation_frontend_modules_name(), "coop_website_shop"]
