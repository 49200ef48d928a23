from odoo import models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

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
