from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.tools import float_compare

from .purchase_order import HIDDEN_FROM_COOPS
from .stock_rule import LINES_MADE


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    # Prices are never shown to cooperative managers (field-level access).
    price_unit = fields.Float(groups=HIDDEN_FROM_COOPS)
    price_unit_discounted = fields.Float(groups=HIDDEN_FROM_COOPS)
    price_subtotal = fields.Monetary(groups=HIDDEN_FROM_COOPS)
    price_total = fields.Monetary(groups=HIDDEN_FROM_COOPS)
    price_tax = fields.Float(groups=HIDDEN_FROM_COOPS)
    discount = fields.Float(groups=HIDDEN_FROM_COOPS)
    taxes_id = fields.Many2many(groups=HIDDEN_FROM_COOPS)

    coop_allocation_ids = fields.One2many(
        "coop.allocation", "purchase_line_id", string="Allocations", readonly=True
    )
    # the unit after the quantity on her phone, in the form her language writes there
    coop_uom_name = fields.Char(string="Unit Name", compute="_compute_coop_uom_name")

    @api.depends("product_uom", "product_qty")
    @api.depends_context("lang")
    def _compute_coop_uom_name(self):
        for line in self:
            line.coop_uom_name = line.product_uom._coop_name_after(line.product_qty)

    @api.model_create_multi
    def create(self, vals_list):
        # lines made by the procurement of an allocation carry its id (not a field): the
        # allocations record their lines in one batch (coop.allocation._coop_link_purchase_lines),
        # at the end of the procurement run making them (stock.rule._run_buy), else at once
        allocation_ids = [vals.pop("coop_allocation_id", False) for vals in vals_list]
        lines = super().create(vals_list)
        if any(allocation_ids):
            runs = self.env.cr.cache.get(LINES_MADE)
            if runs:
                runs[-1].extend(zip(allocation_ids, lines, strict=True))
            else:
                self.env["coop.allocation"]._coop_link_purchase_lines(allocation_ids, lines)
        return lines

    def write(self, vals):
        res = super().write(vals)
        if vals.get("date_planned"):
            self._coop_push_delivery_dates()
        return res

    def _coop_push_delivery_dates(self):
        """After a cooperative's date changed (e.g. staff accepted the date she proposed)."""
        self._coop_delay_customer_moves(
            (line.move_dest_ids | line.move_ids.move_dest_ids, line.date_planned)
            for line in self
            if line.order_id.coop_sale_order_id and line.date_planned
        )

    @api.model
    def _coop_delay_customer_moves(self, moves_dates):
        """Plan customer moves no sooner than the cooperatives deliver what they wait for
        (``moves_dates``: pairs of moves and a cooperative's date). Odoo keeps the sales
        order's date and only flags the delay. They never move sooner here: another
        cooperative's part may arrive then (see ``_coop_plan_sooner``)."""
        dates = {}
        for moves, date in moves_dates:
            for move in moves:
                dates[move] = max(dates.get(move, date), date)
        moves = (
            self.env["stock.move"]
            .concat(*dates)
            .sudo()  # sudo: the customer delivery follows the cooperative's date, whoever set it
        )
        late = moves.filtered(lambda m: m.state not in ("done", "cancel") and m.date < dates[m])
        for date, group in late.grouped(lambda m: dates[m]).items():
            group.date = date

    def _update_move_date_deadline(self, new_date):
        """A cooperative's date is the deadline of her receipt, not of the customer's
        delivery: that keeps the promise made to the customer, so a late cooperative shows
        as late, and so a lowered sales order still merges into its delivery (the deadline
        is one of the keys Odoo merges moves on). Odoo wrote it on the customer moves while
        her order had no receipt yet, and passed it on to the other cooperatives' receipts."""
        coop = self.filtered(lambda line: line.order_id.coop_sale_order_id)
        res = super(PurchaseOrderLine, self - coop)._update_move_date_deadline(new_date)
        receipts = coop.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        customer = receipts.move_dest_ids
        receipts.with_context(date_deadline_propagate_ids=set(customer.ids)).write(
            {"date_deadline": new_date}
        )
        return res

    def _compute_price_unit_and_date_planned_and_name(self):
        """A cooperative keeps the delivery date she was given when her quantity changes
        (partial answer, lowered sales order): Odoo would compute it again from the order
        date and her lead time, often earlier. Prices still follow the quantity."""
        given = {
            line: line.date_planned
            for line in self
            if line.order_id.coop_sale_order_id and line.date_planned
        }
        res = super()._compute_price_unit_and_date_planned_and_name()
        for line, date_planned in given.items():
            line.date_planned = date_planned
        return res

    def _find_candidate(
        self, product_id, product_qty, product_uom, location_id, name, origin, company_id, values
    ):
        # one purchase line per allocation: the audit trail maps them one to one
        if values.get("coop_allocation_id"):
            return self.browse()
        return super()._find_candidate(
            product_id, product_qty, product_uom, location_id, name, origin, company_id, values
        )

    @api.model
    def _prepare_purchase_order_line_from_procurement(
        self,
        product_id,
        product_qty,
        product_uom,
        location_dest_id,
        name,
        origin,
        company_id,
        values,
        po,
    ):
        res = super()._prepare_purchase_order_line_from_procurement(
            product_id,
            product_qty,
            product_uom,
            location_dest_id,
            name,
            origin,
            company_id,
            values,
            po,
        )
        if values.get("coop_allocation_id"):
            res["coop_allocation_id"] = values["coop_allocation_id"]
        return res

    def _coop_shares_dests(self):
        """Whether this line is a cooperative's part of customer moves that several
        cooperatives feed (a sales line split between them)."""
        return bool(self.sudo().coop_allocation_ids)  # sudo: routing's own audit records

    def _get_move_dests_initial_demand(self, move_dests):
        demand = super()._get_move_dests_initial_demand(move_dests)
        if self._coop_shares_dests():
            # only this cooperative's part of the customer move waits on her receipt, and
            # never less than her receipts already bring (lowered after she delivered)
            return max(min(demand, self.product_qty), self._get_qty_procurement())
        return demand

    def _create_stock_moves(self, picking):
        # once a line has its receipt, the standard unlinks every purchase line from the
        # customer moves it feeds: the other cooperatives' lines not confirmed yet keep
        # their link, and so their receipts feed the customer too
        others = {
            move: move.created_purchase_line_ids - self
            for move in self.filtered(lambda line: line._coop_shares_dests()).move_dest_ids
        }
        moves = super()._create_stock_moves(picking)
        for move, lines in others.items():
            if lines:
                move.created_purchase_line_ids = [Command.link(line.id) for line in lines]
        return moves

    def _coop_lower_receipt(self, qty):
        """Expect ``qty`` (in the line's unit) less on this line's open receipts, newest
        first: the standard only shrinks receipts that feed no customer move."""
        self.ensure_one()
        rounding = self.product_uom.rounding
        moves = self.move_ids.filtered(
            lambda m: m.state not in ("done", "cancel") and m.location_dest_id.usage != "supplier"
        )
        for move in moves.sorted("id", reverse=True):
            if float_compare(qty, 0.0, precision_rounding=rounding) <= 0:
                break
            move_qty = move.product_uom._compute_quantity(move.product_uom_qty, self.product_uom)
            if float_compare(move_qty, qty, precision_rounding=rounding) <= 0:
                move._action_cancel()
            else:
                move.product_uom_qty = self.product_uom._compute_quantity(
                    move_qty - qty, move.product_uom
                )
            qty -= move_qty

    def _coop_to_deliver(self):
        """Whether the cooperative still has goods of this line to deliver."""
        self.ensure_one()
        return (
            float_compare(
                self.qty_received, self.product_qty, precision_rounding=self.product_uom.rounding
            )
            < 0
        )

    def _coop_keep_waiting_on_order(self, func):
        """Run ``func`` (which cancels or removes these lines), keeping the customer moves
        they feed waiting on order (MTO): the standard turns them make-to-stock, and
        re-routing would then replenish the warehouse instead of feeding the customer."""
        dest_moves = self.move_dest_ids.filtered(
            lambda m: m.state not in ("done", "cancel") and m.procure_method == "make_to_order"
        )
        func()
        if dest_moves:
            dest_moves.write({"procure_method": "make_to_order"})
            dest_moves._recompute_state()
            self._coop_plan_sooner(dest_moves)

    @api.model
    def _coop_plan_sooner(self, moves):
        """Plan the customer ``moves`` sooner when the part of a late cooperative that held
        them is gone: for when the cooperatives still making their goods deliver (the
        re-routing that follows plans them later again if it must), never before the date
        the order planned (the customer's deadline less the security lead time).

        Those still making them: orders waiting for an answer (their lines feed the move)
        and accepted ones (their receipts feed it, at the receipt's own date). A move none
        of them feeds keeps its date: the customer is not shown today for goods that nobody
        makes yet."""
        moves = moves.sudo()  # sudo: the customer delivery follows the cooperatives
        dates = {}
        for move in moves:
            if not move.date_deadline:
                continue
            waiting = move.created_purchase_line_ids.filtered(
                lambda ln: ln.state != "cancel" and ln.product_qty > 0 and ln.date_planned
            )
            receipts = move.move_orig_ids.filtered(lambda m: m.state not in ("done", "cancel"))
            if not (waiting or receipts):
                continue  # nobody makes it now: its date stays until routing finds someone
            planned = move.date_deadline - timedelta(days=move.company_id.security_lead)
            date = max([planned, *waiting.mapped("date_planned"), *receipts.mapped("date")])
            if date < move.date:
                dates[move] = date
        for date, group in moves.filtered(lambda m: m in dates).grouped(dates.get).items():
            group.date = date
