from odoo import models

from ..hooks import set_mad_words_labels


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _load_module_terms(self, modules, langs, overwrite=False, imported_module=False):
        """Arabic installed after the suite (the usual order on a new database) gets the
        Arabic names of the dirham's units too, for amounts in words."""
        res = super()._load_module_terms(
            modules, langs, overwrite=overwrite, imported_module=imported_module
        )
        if "ar_001" in langs:
            set_mad_words_labels(self.env)
        return res
