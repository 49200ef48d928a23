from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        """Goods of a cooperative sent back to her from the central warehouse: the customer
        still needs them, from her or another (see ``coop.allocation._coop_goods_returned``).
        A customer's return of goods shipped direct goes back to her too, but the customer
        returned them: nothing to route again."""
        res = super()._action_done()
        returns = self.move_ids.filtered(
            lambda move: (
                move.state == "done"
                and move.purchase_line_id.order_id.coop_sale_order_id
                and move.location_id.usage == "internal"
                and move._is_purchase_return()
            )
        )
        if returns:
            Allocation = self.env["coop.allocation"].sudo()  # sudo: routing follows the returns
            Allocation._coop_goods_returned(returns)
        return res

    def _coop_to_cooperatives(self):
        """The pickings sending goods back to a cooperative: no parcel shipped to a customer,
        whatever Odoo's texts to customers (stock_sms) say; routing tells her what concerns
        her."""
        return self.filtered(
            lambda picking: (
                picking.location_dest_id.usage == "supplier"
                and picking.partner_id.commercial_partner_id.is_cooperative
            )
        )

    def _check_warn_sms(self):
        # no "send an SMS to the customer?" question before a return to a cooperative
        return super(StockPicking, self - self._coop_to_cooperatives())._check_warn_sms()

    def _send_confirmation_email(self):
        # nor the "your order has been shipped" SMS to her
        to_coops = self._coop_to_cooperatives()
        super(StockPicking, self - to_coops)._send_confirmation_email()
        return super(StockPicking, to_coops.with_context(skip_sms=True))._send_confirmation_email()
