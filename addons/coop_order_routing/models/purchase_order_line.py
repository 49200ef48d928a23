from odoo import api, fields, models

from .purchase_order import HIDDEN_FROM_COOPS


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

    @api.model_create_multi
    def create(self, vals_list):
        # lines made by the procurement of an allocation carry its id (not a field): the
        # allocations record their lines in one batch (coop.allocation._coop_link_purchase_lines)
        allocation_ids = [vals.pop("coop_allocation_id", False) for vals in vals_list]
        lines = super().create(vals_list)
        if any(allocation_ids):
            self.env["coop.allocation"]._coop_link_purchase_lines(allocation_ids, lines)
        return lines

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
