from odoo import fields, models
from odoo.addons.coop_order_routing.models.purchase_order import HIDDEN_FROM_COOPS

# The spelled-out totals of purchase orders are hidden from cooperative managers, as
# coop_order_routing hides their amounts (the same groups may read them).


class PurchaseOrder(models.Model):
    _name = "purchase.order"
    _inherit = ["purchase.order", "coop.amount.words.mixin"]

    coop_amount_words_fr = fields.Char(groups=HIDDEN_FROM_COOPS)
    coop_amount_words_ar = fields.Char(groups=HIDDEN_FROM_COOPS)
    coop_is_cooperative = fields.Boolean(
        string="Cooperative Order",
        related="partner_id.commercial_partner_id.is_cooperative",
        help="The vendor is a cooperative of the GIE.",
    )

    def _coop_words_amount(self):
        self.ensure_one()
        return self.amount_total, self.currency_id
