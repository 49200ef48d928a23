import logging

from odoo import api, models

_logger = logging.getLogger(__name__)

# key of the transaction's cache: the (allocation id, purchase line) pairs each procurement
# run in progress made, innermost last
LINES_MADE = "coop_lines_made"


class StockRule(models.Model):
    _inherit = "stock.rule"

    @api.model
    def _run_buy(self, procurements):
        """Split the procurements of cooperative products into one procurement per allocated
        cooperative (``supplierinfo_id`` forced): the standard buy rule then makes one
        purchase order per cooperative and sales order."""
        procurements = self._coop_split_procurements(procurements)
        coop = any(p.values.get("coop_allocation_id") for p, _r in procurements)
        # the purchase lines are made one order at a time: their allocations record them
        # all at once afterwards (see purchase.order.line.create), one query, not one per order
        runs = self.env.cr.cache.setdefault(LINES_MADE, [])
        runs.append([])
        try:
            res = super()._run_buy(procurements)
        finally:
            made = runs.pop()
        if made:
            allocation_ids, lines = zip(*made, strict=True)
            lines = self.env["purchase.order.line"].concat(*lines)
            self.env["coop.allocation"]._coop_link_purchase_lines(allocation_ids, lines)
            self._coop_assign_buyers(lines.order_id)
        # the customer waits for the cooperatives' goods (one write per date, not per order)
        self.env["purchase.order.line"]._coop_delay_customer_moves(
            (p.values.get("move_dest_ids", ()), p.values["date_planned"])
            for p, _r in procurements
            if p.values.get("coop_allocation_id")
        )
        if coop:
            # the job sends only the orders not sent yet: waking it needs no lookup here
            self.env["purchase.order"]._coop_queue_dispatch()
        return res

    @api.model
    def _coop_split_procurements(self, procurements):
        kept = []
        to_route = []
        for procurement, rule in procurements:
            values = procurement.values
            if values.get("coop_allocation_id"):
                kept.append((procurement, rule))
                continue
            line = self.env["sale.order.line"]
            if values.get("sale_line_id"):
                line = line.browse(values["sale_line_id"])
            elif values.get("move_dest_ids"):
                line = values["move_dest_ids"].sale_line_id[:1]
            if not line or not procurement.product_id.coop_sourced:
                kept.append((procurement, rule))
                continue
            if procurement.product_qty <= 0:
                # decreases are handled on the allocations (sale.order.line._coop_adjust_down)
                _logger.debug("Ignoring negative procurement of cooperative line %s", line.id)
                continue
            to_route.append((procurement, rule, line))
        if not to_route:
            return kept
        demands = []
        routable = []
        for procurement, rule, line in to_route:
            uom = procurement.product_id.uom_id
            qty = procurement.product_uom._compute_quantity(
                procurement.product_qty, uom, round=False
            )
            # never more than what the line still needs (idempotent re-runs)
            if line.coop_routed:
                qty = min(qty, line.coop_to_route_qty)
            if qty > 0:
                demands.append((line, qty))
                routable.append((procurement, rule, line))
        Allocation = self.env["coop.allocation"]
        routed = Allocation._coop_route(demands)
        Procurement = self.env["procurement.group"].Procurement
        answered_by = Allocation._coop_answered_by()
        for (procurement, rule, line), allocations in zip(routable, routed, strict=False):
            for allocation, seller in allocations:
                if procurement.location_id.usage == "internal":
                    dropship = self._coop_dropship_procurement(allocation, seller)
                    if dropship:
                        kept.append(dropship)
                        continue
                values = dict(
                    procurement.values,
                    supplierinfo_id=seller,
                    coop_allocation_id=allocation.id,
                    coop_sale_order_id=line.order_id.id,
                    date_planned=Allocation._coop_date_planned(
                        procurement.values.get("date_planned"), seller, answered_by
                    ),
                )
                kept.append(
                    (
                        Procurement(
                            procurement.product_id,
                            allocation.qty,
                            procurement.product_id.uom_id,
                            procurement.location_id,
                            procurement.name,
                            procurement.origin,
                            procurement.company_id,
                            values,
                        ),
                        rule,
                    )
                )
        return kept

    @api.model
    def _coop_dropship_procurement(self, allocation, seller):
        """(procurement, rule) sending ``allocation`` straight to the customer when its
        cooperative ships direct, else None. The customer delivery of the MTO chain is
        lowered afterwards (``sale.order.line._coop_sync_delivery``)."""
        if not allocation.partner_id.coop_dropship or not allocation._coop_is_dropship():
            return None
        [procurement] = self.env["coop.allocation"]._coop_procurement_for(allocation, seller)
        rule = self.env["procurement.group"]._get_rule(
            procurement.product_id, procurement.location_id, procurement.values
        )
        if not rule or rule.action != "buy":
            _logger.warning("No dropship rule for %s", procurement.product_id.display_name)
            return None
        return procurement, rule

    def _make_po_get_domain(self, company_id, values, partner):
        domain = super()._make_po_get_domain(company_id, values, partner)
        if values.get("coop_sale_order_id"):
            domain += (("coop_sale_order_id", "=", values["coop_sale_order_id"]),)
        return domain

    def _prepare_purchase_order(self, company_id, origins, values):
        vals = super()._prepare_purchase_order(company_id, origins, values)
        if values[0].get("coop_sale_order_id"):
            vals["coop_sale_order_id"] = values[0]["coop_sale_order_id"]
        return vals

    @api.model
    def _coop_assign_buyers(self, orders):
        """The buyer of new cooperative orders is who follows the central order up (not the
        job or the website that confirmed it): Odoo's activities on them go to her. Set on
        all of them at once, after the procurement run made them one by one: she follows
        them all in one go, and the orders' history records no change of buyer."""
        orders = orders.sudo()  # sudo: made by the procurement as superuser, as Odoo does
        new = orders.filtered(
            lambda po: po.coop_sale_order_id and po.user_id == po.partner_id.buyer_id
        )
        # no e-mail "you have been assigned" per order either
        new = new.with_context(mail_notrack=True, mail_auto_subscribe_no_notify=True)
        for order, purchases in new.grouped("coop_sale_order_id").items():
            buyer = order._coop_staff_user()  # once per sales order, not per purchase order
            purchases.filtered(lambda po, buyer=buyer: po.user_id != buyer).user_id = buyer

    @api.model
    def _get_procurements_to_merge_groupby(self, procurement):
        return (
            *super()._get_procurements_to_merge_groupby(procurement),
            procurement.values.get("coop_allocation_id"),
        )
