from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..lib import quality


class CoopQualityCheck(models.Model):
    _name = "coop.quality.check"
    _description = "Quality Check of a Lot on Receipt"
    _order = "picking_id desc, move_line_id, sequence, id"

    point_id = fields.Many2one(
        "coop.quality.point", string="Measure", required=True, ondelete="restrict", index=True
    )
    sequence = fields.Integer(related="point_id.sequence", store=True)
    picking_id = fields.Many2one(
        "stock.picking",
        string="Receipt",
        compute="_compute_picking_id",
        store=True,
        readonly=False,
        index=True,
        ondelete="cascade",
    )
    move_line_id = fields.Many2one(
        "stock.move.line", string="Operation", index=True, ondelete="cascade"
    )
    lot_id = fields.Many2one("stock.lot", string="Lot", index=True, ondelete="cascade")
    lot_label = fields.Char(string="Lot Number", compute="_compute_lot_label")
    product_id = fields.Many2one("product.product", string="Product", required=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    unit = fields.Char(related="point_id.unit")
    min_value = fields.Float(related="point_id.min_value")
    max_value = fields.Float(related="point_id.max_value")
    value = fields.Float(string="Measured Value", digits=(16, 3))
    measured = fields.Boolean(readonly=True, help="A value was entered.")
    result = fields.Selection(
        [("todo", "To Measure"), ("pass", "Passed"), ("fail", "Failed")],
        compute="_compute_result",
        store=True,
        index=True,
    )
    user_id = fields.Many2one("res.users", string="Measured By", readonly=True)
    date = fields.Datetime(string="Measured On", readonly=True)

    _sql_constraints = [
        (
            "point_move_line_unique",
            "UNIQUE(point_id, move_line_id)",
            "This measure is already planned for this operation.",
        ),
    ]

    @api.depends("move_line_id.picking_id")
    def _compute_picking_id(self):
        # the check follows its operation, e.g. to the backorder of the goods not received yet
        for check in self:
            check.picking_id = check.move_line_id.picking_id or check.picking_id

    @api.depends("lot_id.name", "move_line_id.lot_name", "move_line_id.lot_id.name")
    def _compute_lot_label(self):
        for check in self:
            check.lot_label = (
                check.lot_id.name
                or check.move_line_id.lot_id.name
                or check.move_line_id.lot_name
                or False
            )

    @api.depends("measured", "value", "point_id.min_value", "point_id.max_value")
    def _compute_result(self):
        for check in self:
            check.result = quality.evaluate(
                check.value if check.measured else None,
                check.point_id.min_value,
                check.point_id.max_value,
            )

    @api.constrains("point_id", "product_id", "lot_id", "picking_id", "move_line_id")
    def _check_coop_lot_received(self):
        """A check measures a lot of its product on the receipt that brings it: otherwise
        pointing it at another, open receipt would measure the lot of a done one without a
        GIE manager."""
        for check in self:
            product, lot, picking = check.product_id, check.lot_id, check.picking_id
            if check.point_id.product_tmpl_id != product.product_tmpl_id:
                raise ValidationError(
                    self.env._(
                        "The measure %(measure)s belongs to %(point_product)s, not to %(product)s.",
                        measure=check.point_id.name,
                        point_product=check.point_id.product_tmpl_id.display_name,
                        product=product.display_name,
                    )
                )
            if lot and lot.product_id != product:
                raise ValidationError(
                    self.env._(
                        "The lot %(lot)s is a lot of %(lot_product)s, not of %(product)s.",
                        lot=lot.name,
                        lot_product=lot.product_id.display_name,
                        product=product.display_name,
                    )
                )
            line = check.move_line_id
            if line and (line.picking_id != picking or line.product_id != product):
                raise ValidationError(
                    self.env._(
                        "A quality check of %(product)s on %(picking)s must measure an "
                        "operation of this product on this receipt.",
                        product=product.display_name,
                        picking=picking.name or "-",
                    )
                )
            if picking and picking.picking_type_code != "incoming":
                raise ValidationError(
                    self.env._(
                        "Quality checks measure goods on receipt: %(picking)s is not a receipt.",
                        picking=picking.name,
                    )
                )
            if picking and lot and lot not in picking.move_line_ids.lot_id:
                raise ValidationError(
                    self.env._(
                        "The lot %(lot)s was not received on %(picking)s: a quality check "
                        "measures a lot on the receipt that brings it.",
                        lot=lot.name,
                        picking=picking.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "value" in vals:
                vals.update(self._measure_vals())
        checks = super().create(vals_list)
        # a check added to a received lot, even empty, reopens its decision (pending): a GIE
        # manager's, as a late measure is
        self._coop_require_gie_manager(checks.filtered(lambda c: c._coop_is_recorded()))
        checks.lot_id._coop_quarantine_if_blocked()
        return checks

    def write(self, vals):
        self._coop_check_can_change()
        if "value" in vals:
            if self.filtered(lambda c: c.lot_id.coop_quality_decision):
                raise UserError(
                    self.env._(
                        "A GIE manager already decided on this lot: its measures can no "
                        "longer change."
                    )
                )
            vals = dict(vals, **self._measure_vals())
        res = super().write(vals)
        if "picking_id" in vals or "move_line_id" in vals:
            # moved into a done receipt, it joins its history: the same rule as there
            self._coop_check_can_change()
        if "value" in vals or "lot_id" in vals:
            self.lot_id._coop_quarantine_if_blocked()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recorded(self):
        recorded = self.filtered(lambda c: c._coop_is_recorded())
        if recorded:
            checks = recorded._coop_describe()
            raise UserError(
                self.env._(
                    "The quality checks of a done receipt are the history of its measures and "
                    "cannot be deleted: %(checks)s",
                    checks=checks,
                )
            )
        self._coop_check_can_change()

    def _coop_is_recorded(self):
        """Whether this check belongs to the history of a received lot (done receipt)."""
        self.ensure_one()
        return not self.picking_id or self.picking_id.state == "done"

    def _coop_check_can_change(self):
        """Only a GIE manager changes a failed measure, or enters or changes one on a done
        receipt (a late measure, the first one included: the lot is already in stock):
        otherwise whoever can enter a measure could unblock a lot that failed, or pass one
        that was never measured on receipt."""
        self._coop_require_gie_manager(
            self.filtered(lambda c: c.result == "fail" or c._coop_is_recorded())
        )

    @api.model
    def _coop_require_gie_manager(self, locked):
        if not locked or self.env.su or self.env.user.has_group("coop_gie.group_gie_manager"):
            return
        raise AccessError(
            self.env._(
                "Only a GIE manager can change a measure that failed, or enter or change one "
                "on a done receipt: %(checks)s",
                checks=locked._coop_describe(),
            )
        )

    def _coop_describe(self):
        return ", ".join(
            f"{check.lot_label or check.product_id.display_name} ({check.point_id.name})"
            for check in self
        )

    def _measure_vals(self):
        return {"measured": True, "user_id": self.env.uid, "date": fields.Datetime.now()}
