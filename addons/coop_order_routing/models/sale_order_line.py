from odoo import Command, api, fields, models
from odoo.tools import float_compare, float_is_zero, float_round

from .coop_allocation import ACTIVE_STATES


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    coop_allocation_ids = fields.One2many(
        "coop.allocation", "sale_line_id", string="Cooperative Allocations"
    )
    coop_routed = fields.Boolean(
        string="Routed to Cooperatives", copy=False, help="The routing engine handled this line."
    )
    # rounded to the product's unit in the compute: no digits of their own, which spares two
    # decimal-precision lookups per line and per recomputation
    coop_allocated_qty = fields.Float(
        string="Allocated",
        compute="_compute_coop_qty",
        store=True,
        help="Quantity given to cooperatives and not refused (in the product's unit).",
    )
    coop_to_route_qty = fields.Float(
        string="To Route",
        compute="_compute_coop_qty",
        store=True,
        help="Ordered quantity no cooperative has taken yet: allocated + to route = ordered.",
    )
    # kept with the order (``sale.order.coop_route_log``): one write per routing, not one
    # per line; written in the reader's language
    coop_route_note = fields.Text(
        string="Routing Explanation",
        compute="_compute_coop_route_note",
        help="Every decision of the last routing.",
    )

    @api.depends(
        "coop_routed",
        "state",
        "product_uom_qty",
        "product_uom",
        "coop_allocation_ids.qty",
        "coop_allocation_ids.state",
    )
    def _compute_coop_qty(self):
        for line in self:
            rounding = line.product_id.uom_id.rounding or 0.01
            allocated = float_round(
                sum(a.qty for a in line.coop_allocation_ids if a.state in ACTIVE_STATES),
                precision_rounding=rounding,
            )
            line.coop_allocated_qty = allocated
            # nothing to route on a cancelled (or reopened) order
            if not line.coop_routed or not line.product_id or line.state != "sale":
                line.coop_to_route_qty = 0.0
                continue
            ordered = line.product_uom._compute_quantity(
                line.product_uom_qty, line.product_id.uom_id, round=False
            )
            line.coop_to_route_qty = max(
                float_round(ordered - allocated, precision_rounding=rounding), 0.0
            )

    @api.depends("order_id.coop_route_log", "company_id")
    @api.depends_context("lang", "tz", "uid")  # tz: else the user's
    def _compute_coop_route_note(self):
        texts = self.env["coop.allocation"]._coop_reason_texts(
            [
                ((line.order_id.coop_route_log or {}).get(str(line._origin.id)), line.company_id)
                for line in self
            ]
        )
        for line, text in zip(self, texts, strict=True):
            line.coop_route_note = text

    def write(self, vals):
        res = super().write(vals)
        if "product_uom_qty" in vals:
            routed = self.filtered(lambda ln: ln.state == "sale" and ln.coop_routed)
            routed._coop_adjust_down()
            routed._coop_sync_delivery()
            routed._coop_rebalance_delivery()
            routed.order_id._coop_sync_activities()
        return res

    def _action_launch_stock_rule(self, previous_product_uom_qty=False):
        res = super()._action_launch_stock_rule(previous_product_uom_qty=previous_product_uom_qty)
        self.filtered("coop_routed")._coop_sync_delivery()
        return res

    def _create_procurements(self, product_qty, procurement_uom, origin, values):
        if self.coop_routed and product_qty < 0:
            # decreases are routing's (``_coop_adjust_down``): Odoo lowers only what the
            # central warehouse still has to deliver; beyond it, its negative procurement
            # would make a return from the customer of goods she never had (shipped direct)
            open_qty = sum(
                move.product_uom._compute_quantity(
                    move.product_uom_qty, procurement_uom, round=False
                )
                for move in self._coop_warehouse_moves()
            )
            product_qty = max(product_qty, -open_qty)
            if float_is_zero(product_qty, precision_rounding=procurement_uom.rounding):
                return []
        return super()._create_procurements(product_qty, procurement_uom, origin, values)

    # ------------------------------------------------------------------
    # Cooperatives shipping straight to the customer
    # ------------------------------------------------------------------

    def _coop_line_dropship(self):
        """Whether the whole line is dropshipped (route of the line or of the product)."""
        self.ensure_one()
        dropship = self.env.ref("stock_dropshipping.route_drop_shipping", raise_if_not_found=False)
        return bool(dropship) and (
            self.route_id == dropship
            or (not self.route_id and dropship in self.product_id.route_ids)
        )

    def _coop_open_delivery_moves(self):
        """Customer moves of the MTO chain still waiting on order."""
        self.ensure_one()
        return self.move_ids.filtered(
            lambda m: (
                m.procure_method == "make_to_order"
                and m.state not in ("done", "cancel")
                and m.location_id.usage == "internal"
            )
        )

    def _coop_warehouse_moves(self):
        """Customer moves of the central warehouse still to deliver."""
        self.ensure_one()
        return self.move_ids.filtered(
            lambda m: (
                m.state not in ("done", "cancel")
                and m.location_id.usage == "internal"
                and m.location_dest_id.usage == "customer"
            )
        )

    def _coop_rebalance_delivery(self):
        """After a decrease, feed the customer from what still comes or came: Odoo lowered
        the first customer move it found, maybe one a cooperative's receipt feeds, while
        the move of a cooperative order cancelled since waits on nothing. Moves waiting on
        nothing keep only what is still to route; the rest goes onto a move something
        feeds (a receipt, a cooperative's order, the stock), and the customer's goods are
        reserved again."""
        moves = self.env["stock.move"]
        for line in self.sudo():  # sudo: stock moves; the lowering staff may have no stock rights
            if line._coop_line_dropship():
                continue
            uom = line.product_id.uom_id
            open_moves = line._coop_warehouse_moves()
            moves |= open_moves
            orphans = open_moves.filtered(
                lambda m: (
                    m.procure_method == "make_to_order"
                    and all(orig.state == "cancel" for orig in m.move_orig_ids)
                    and all(
                        pol.state == "cancel" or not pol.product_qty
                        for pol in m.created_purchase_line_ids
                    )
                )
            )
            fed = open_moves - orphans
            excess = (
                sum(
                    m.product_uom._compute_quantity(m.product_uom_qty, uom, round=False)
                    for m in orphans
                )
                - line.coop_to_route_qty
            )
            if float_compare(excess, 0.0, precision_rounding=uom.rounding) <= 0:
                continue
            target = fed[:1]
            if not target:
                # Odoo cancelled the moves the receipts fed: the oldest left waits on them
                receipts = line.coop_allocation_ids.purchase_line_id.move_ids.filtered(
                    lambda m: m.state != "cancel" and m.location_dest_id.usage == "internal"
                )
                if not receipts:
                    continue
                target = orphans.sorted("id")[:1]
                target.move_orig_ids = [Command.link(receipt.id) for receipt in receipts]
                excess -= target.product_uom._compute_quantity(
                    target.product_uom_qty, uom, round=False
                )
            moved = 0.0
            for move in (orphans - target).sorted("id", reverse=True):
                if float_compare(moved, excess, precision_rounding=uom.rounding) >= 0:
                    break
                qty = move.product_uom._compute_quantity(move.product_uom_qty, uom, round=False)
                take = min(qty, excess - moved)
                moved += take
                if float_is_zero(qty - take, precision_rounding=uom.rounding):
                    move._action_cancel()
                else:
                    move.product_uom_qty = uom._compute_quantity(
                        qty - take, move.product_uom, round=False
                    )
            if not float_is_zero(moved, precision_rounding=uom.rounding):
                target.product_uom_qty += uom._compute_quantity(
                    moved, target.product_uom, round=False
                )
        moves.filtered(lambda m: m.state not in ("done", "cancel"))._action_assign()

    def _coop_sync_delivery(self):
        """Keep the central warehouse's customer delivery equal to what does not ship direct:
        ordered - quantity of active allocations to cooperatives shipping to the customer
        (what is still to route stays on it, waiting). Lowered, cancelled at zero, or
        created again (waiting on order) when a direct cooperative's quantity comes back."""
        for line in self.sudo():  # sudo: stock moves; the answering manager has no stock rights
            if line.state != "sale" or not line.coop_routed:
                continue
            allocations = line.coop_allocation_ids
            if not allocations.filtered("partner_id.coop_dropship"):
                continue  # plain MTO chain, untouched
            if line._coop_line_dropship():
                continue
            uom = line.product_id.uom_id
            rounding = uom.rounding
            direct = sum(
                a.qty
                for a in allocations
                if a.state in ACTIVE_STATES and a.partner_id.coop_dropship
            )
            target = (
                line.product_uom._compute_quantity(line.product_uom_qty, uom, round=False) - direct
            )
            moves = line.move_ids.filtered(
                lambda m: (
                    m.state != "cancel"
                    and m.location_id.usage == "internal"
                    and m.location_dest_id.usage == "customer"
                )
            )
            current = sum(
                m.product_uom._compute_quantity(
                    m.quantity if m.state == "done" else m.product_uom_qty, uom, round=False
                )
                for m in moves
            )
            diff = target - current
            if float_is_zero(diff, precision_rounding=rounding):
                continue
            open_moves = line._coop_open_delivery_moves()
            if diff > 0 and not open_moves:
                line._coop_new_delivery_move(diff)
                continue
            for move in open_moves.sorted("id", reverse=True):
                if float_is_zero(diff, precision_rounding=rounding):
                    break
                qty = move.product_uom._compute_quantity(move.product_uom_qty, uom, round=False)
                new_qty = max(qty + diff, 0.0)
                diff -= new_qty - qty
                if float_is_zero(new_qty, precision_rounding=rounding):
                    move._action_cancel()
                else:
                    move.product_uom_qty = uom._compute_quantity(
                        new_qty, move.product_uom, round=False
                    )

    def _coop_new_delivery_move(self, qty):
        """A customer move of ``qty`` waiting on order, without buying anything for it (the
        routing feeds it with the purchase orders of its allocations)."""
        self.ensure_one()
        order = self.order_id
        values = self._prepare_procurement_values(group_id=order.procurement_group_id)
        procurement = self.env["procurement.group"].Procurement(
            self.product_id,
            qty,
            self.product_id.uom_id,
            order.partner_shipping_id.property_stock_customer,
            self.name,
            order.name,
            order.company_id,
            values,
        )
        self.env["procurement.group"].with_context(bypass_procurement_creation=True).run(
            [procurement]
        )

    def _coop_adjust_down(self):
        """Give back to cooperatives what the order no longer needs (quantity decreased)."""
        changed = self.env["purchase.order"]
        for line in self:
            rounding = line.product_id.uom_id.rounding
            ordered = line.product_uom._compute_quantity(
                line.product_uom_qty, line.product_id.uom_id, round=False
            )
            active = line.coop_allocation_ids.filtered(lambda a: a.state in ACTIVE_STATES)
            excess = sum(active.mapped("qty")) - ordered
            if float_compare(excess, 0.0, precision_rounding=rounding) <= 0:
                continue
            # waiting allocations first, then the newest
            for alloc in active.sorted(lambda a: (a.state != "waiting", -a.id)):
                if float_is_zero(excess, precision_rounding=rounding) or excess < 0:
                    break
                take = min(alloc.qty, excess)
                excess -= take
                changed |= alloc.purchase_id._coop_reduce_line(alloc, take)
        changed._coop_lowered()  # one message per cooperative order, however many lines
