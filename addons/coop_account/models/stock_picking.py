from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        """Goods returned to a cooperative (a rejected lot sent back, a dropship returned by
        the customer to her) are no longer received on her purchase order: draft the credit
        note of what was already billed for them (see ``purchase.order._coop_refund_returns``).
        Goods a customer gives back are no longer delivered on her sales order: draft the
        credit note of what she was already invoiced for them (see
        ``sale.order._coop_refund_returns``)."""
        res = super()._action_done()
        done = self.move_ids.filtered(lambda move: move.state == "done")
        returns = done.filtered(lambda move: move.purchase_line_id and move._is_purchase_return())
        returns.purchase_line_id.order_id._coop_refund_returns()
        # sale_stock's returns from the customer: delivered less (qty_delivered)
        customer_returns = done.filtered(
            lambda move: move.sale_line_id and move.to_refund and move.location_id._is_outgoing()
        )
        customer_returns.sale_line_id.order_id._coop_refund_returns()
        return res
