from odoo import api, fields, models
from odoo.tools import float_compare, float_is_zero

from .coop_allocation import ACTIVE_STATES


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    coop_allocation_ids = fields.One2many(
        "coop.allocation", "sale_line_id", string="Cooperative Allocations"
    )
    coop_routed = fields.Boolean(
        string="Routed to Cooperatives", copy=False, help="The routing engine handled this line."
    )
    coop_allocated_qty = fields.Float(
        string="Allocated",
        digits="Product Unit of Measure",
        compute="_compute_coop_qty",
        store=True,
        help="Quantity given to cooperatives and not refused (in the product's unit).",
    )
    coop_to_route_qty = fields.Float(
        string="To Route",
        digits="Product Unit of Measure",
        compute="_compute_coop_qty",
        store=True,
        help="Ordered quantity no cooperative has taken yet: allocated + to route = ordered.",
    )
    coop_route_note = fields.Text(
        string="Routing Explanation", copy=False, help="Every decision of the last routing."
    )

    @api.depends(
        "coop_routed",
        "product_uom_qty",
        "product_uom",
        "coop_allocation_ids.qty",
        "coop_allocation_ids.state",
    )
    def _compute_coop_qty(self):
        for line in self:
            allocated = sum(a.qty for a in line.coop_allocation_ids if a.state in ACTIVE_STATES)
            line.coop_allocated_qty = allocated
            if not line.coop_routed or not line.product_id:
                line.coop_to_route_qty = 0.0
                continue
            ordered = line.product_uom._compute_quantity(
                line.product_uom_qty, line.product_id.uom_id, round=False
            )
            line.coop_to_route_qty = max(ordered - allocated, 0.0)

    def write(self, vals):
        res = super().write(vals)
        if "product_uom_qty" in vals:
            self.filtered(lambda ln: ln.state == "sale" and ln.coop_routed)._coop_adjust_down()
        return res

    def _coop_adjust_down(self):
        """Give back to cooperatives what the order no longer needs (quantity decreased)."""
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
                alloc.purchase_id._coop_reduce_line(alloc, take)
