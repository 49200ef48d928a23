from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    coop_dropship = fields.Boolean(
        string="Ships to the Customer",
        help="This cooperative sends her orders straight to the customer (dropship): her "
        "purchase orders deliver to the customer's address instead of the central warehouse.",
    )

    coop_dropship_purchase_ids = fields.One2many(
        "purchase.order",
        "dest_address_id",
        string="Dropship Purchase Orders",
        help="Cooperative orders delivered straight to this customer: their managers may read "
        "this address (record rule).",
    )

    def _coop_history(self):
        history = super()._coop_history()
        if (
            self.env["purchase.order"]
            .sudo()  # sudo: a count only, to allow deletion or not
            .search_count([("partner_id", "=", self.id)], limit=1)
        ):
            history.append(self.env._("purchase orders"))
        if (
            self.env["coop.sourcing"]
            .sudo()  # sudo: a count only, to allow deletion or not
            .search_count([("partner_id", "=", self.id)], limit=1)
        ):
            history.append(self.env._("supply declarations"))
        return history

    def _coop_leave_gie(self, suspended=False):
        # before her managers' logins are archived: her SMS go to their mobiles
        self.env["purchase.order"]._coop_take_back_from(self, suspended)
        return super()._coop_leave_gie(suspended)
