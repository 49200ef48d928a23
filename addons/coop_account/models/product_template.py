from odoo import api, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # Cooperative goods are paid to the cooperatives for what the central received (bills
    # matched on receipts) and invoiced to customers for what was delivered: the defaults
    # follow the flag, the accountant may still change them product by product.

    @api.depends("type", "coop_sourced")
    def _compute_purchase_method(self):
        res = super()._compute_purchase_method()
        self.filtered(lambda t: t.coop_sourced and t.type == "consu").purchase_method = "receive"
        return res

    @api.depends("type", "coop_sourced")
    def _compute_invoice_policy(self):
        res = super()._compute_invoice_policy()
        self.filtered(lambda t: t.coop_sourced and t.type == "consu").invoice_policy = "delivery"
        return res
