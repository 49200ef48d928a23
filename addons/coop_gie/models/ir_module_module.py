from odoo import models

from ..terms import set_terms


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _load_module_terms(self, modules, langs, overwrite=False, imported_module=False):
        """Arabic or French installed after the suite (the usual order on a new database)
        gets the suite's terms too: Odoo's own, loaded now, would replace them."""
        res = super()._load_module_terms(
            modules, langs, overwrite=overwrite, imported_module=imported_module
        )
        set_terms(self.env, langs)
        return res
