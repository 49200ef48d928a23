from odoo import models
from odoo.tools import float_compare


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _coop_cod_qty_to_invoice(self):
        """What the courier's collection invoices of this product line (negative: credits),
        see ``sale.order._coop_cod_invoice_delivered``: what sale would, but not again what
        the draft credit notes of the order credit. Sale counts them as credited already,
        while they are the accountant's, not decided yet: what they credit stays invoiced,
        and is collected."""
        self.ensure_one()
        qty = self.qty_to_invoice
        if float_compare(qty, 0.0, precision_rounding=self.product_uom.rounding) <= 0:
            return qty
        drafted = sum(
            line.product_uom_id._compute_quantity(line.quantity, self.product_uom)
            for line in self.invoice_lines
            if line.move_id.move_type == "out_refund" and line.move_id.state == "draft"
        )
        return max(qty - drafted, 0.0)

    def _prepare_invoice_line(self, **optional_values):
        values = super()._prepare_invoice_line(**optional_values)
        if self.env.context.get("coop_cod_collection") and not self.display_type:
            values["quantity"] = self._coop_cod_qty_to_invoice()
        return values

    def _coop_portal_info(self):
        """Who makes each line and the trace links of its delivered lots, in batch.

        Cooperatives come from the delivered lots (their cooperative) and from the purchase
        orders that supply the line (the MTO chain of its moves, and the orders made for it,
        not received yet); without any, from the eligible cooperatives making the product.
        Those ``preparing`` it are among them the cooperatives that took the order: their
        purchase order is confirmed (she accepted it), received, or their lot delivered;
        the others are only asked, or could be.
        Trace links are given for published lots.
        Returns ``{line id: {"coops": res.partner, "preparing": res.partner,
        "lots": [(name, url or False)]}}``.
        """
        Move = self.env["stock.move"]
        delivered = self.move_ids.filtered(
            lambda m: m.state == "done" and m.location_dest_id.usage == "customer"
        )
        self.move_ids._rollup_move_origs_fetch()  # one query per level of the chain
        info = {}
        for line in self:
            origin_moves = Move.browse(line.move_ids._rollup_move_origs())
            # the cooperatives' orders feeding the line, already before their receipts exist
            made = line.move_ids.created_purchase_line_ids
            ordered = made.filtered(lambda po_line: po_line.state != "cancel")
            taken = (origin_moves.purchase_line_id | ordered).filtered(
                lambda po_line: po_line.state in ("purchase", "done")
            )
            line_lots = (line.move_ids & delivered).move_line_ids.lot_id
            preparing = taken.partner_id.filtered("is_cooperative") | line_lots.coop_partner_id
            coops = ordered.partner_id.filtered("is_cooperative") | preparing
            # not bought for the order (yet), nor routed: who makes it
            if not coops and not (made or line.coop_routed):
                coops = line.product_template_id.coop_partner_ids
            info[line.id] = {
                "coops": coops,
                "preparing": preparing,
                "lots": [(lot.name, self._coop_lot_trace_url(lot)) for lot in line_lots],
            }
        return info

    def _coop_lot_trace_url(self, lot):
        return (lot.coop_published and lot.coop_trace_url) or False
