from odoo import models


class CoopAccessMixin(models.AbstractModel):
    """Record rules hold after a write too, not only before it.

    Odoo checks the write rules on the records as they were: without this, a cooperative
    manager could move her own record to another cooperative (e.g. ``partner_id``).
    """

    _name = "coop.access.mixin"
    _description = "Write Rules Checked After the Write"

    def write(self, vals):
        res = super().write(vals)
        self.check_access("write")  # no-op for the superuser
        return res
