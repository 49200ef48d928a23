from odoo import models
from odoo.tools import float_round

from ..unit_names import unit_name, unit_plural


class UomUom(models.Model):
    _inherit = "uom.uom"

    def _coop_name_after(self, qty):
        """The unit's name after ``qty`` (to the unit's rounding), in the language of
        ``self.env``, in the form that language writes there: "4 وحدات", "11 وحدة"; no
        unit, no name (as Odoo reads the name of none)."""
        if not self:
            return self.name
        self.ensure_one()
        qty = float_round(qty, precision_rounding=self.rounding or 0.01)
        return unit_name(self.name, qty, self.env.lang)

    def _coop_plural_name(self):
        """The unit's name for the unit in general ("a whole number of units"), in the
        language of ``self.env``."""
        if not self:
            return self.name
        self.ensure_one()
        return unit_plural(self.name, self.env.lang)
