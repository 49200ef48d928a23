from odoo import models

from ..arabic_terms import ARABIC, set_arabic_terms


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _load_module_terms(self, modules, langs, overwrite=False, imported_module=False):
        """Arabic installed after the suite (the usual order on a new database) gets the
        suite's Arabic terms too: Odoo's own, loaded now, would replace them."""
        res = super()._load_module_terms(
            modules, langs, overwrite=overwrite, imported_module=imported_module
        )
        if ARABIC in langs:
            set_arabic_terms(self.env)
        return res
