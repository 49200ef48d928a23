from odoo import models

from ..terms import set_model_translations


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _load_module_terms(self, modules, langs, overwrite=False, imported_module=False):
        """A language installed after the suite, or Odoo's modules updated, load Odoo's
        terms again, which the suite's of ``i18n_extra`` do not replace: written here
        where they are still Odoo's (see ``terms``)."""
        res = super()._load_module_terms(
            modules, langs, overwrite=overwrite, imported_module=imported_module
        )
        set_model_translations(self.env, langs, modules)
        return res
