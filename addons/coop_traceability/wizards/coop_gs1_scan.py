import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, formatLang

from ..lib import gs1


class CoopGs1Scan(models.TransientModel):
    _name = "coop.gs1.scan"
    _description = "Scan a GS1 Barcode on a Receipt"

    picking_id = fields.Many2one("stock.picking", string="Receipt", required=True)
    barcode = fields.Char(
        string="GS1 Barcode",
        help="Scan the GS1-128 / DataMatrix code of the cooperative's carton, type its "
        "human-readable form, e.g. (01)06111245000015(10)TAO-250314-1(17)270314, or scan "
        "the QR of a GS1 Digital Link.",
    )
    product_id = fields.Many2one(
        "product.product", compute="_compute_parsed", store=True, readonly=False
    )
    lot_name = fields.Char(
        string="Lot Number", compute="_compute_parsed", store=True, readonly=False
    )
    production_date = fields.Date(compute="_compute_parsed", store=True, readonly=False)
    expiration_date = fields.Date(compute="_compute_parsed", store=True, readonly=False)
    use_date = fields.Date(
        string="Best Before", compute="_compute_parsed", store=True, readonly=False
    )
    quantity = fields.Float(
        digits="Product Unit of Measure", compute="_compute_parsed", store=True, readonly=False
    )
    # Its own compute: the parsed fields above are editable, and a saved value of one of them
    # protects every field of its compute method from being recomputed at create.
    parse_error = fields.Char(string="Problem", compute="_compute_parse_error")

    @api.depends("barcode")
    def _compute_parsed(self):
        for wizard in self:
            values = wizard._parse(wizard.barcode)[0] if wizard.barcode else {}
            wizard.update(
                {
                    "product_id": values.get("product_id", False),
                    "lot_name": values.get("lot_name", False),
                    "production_date": values.get("production_date", False),
                    "expiration_date": values.get("expiration_date", False),
                    "use_date": values.get("use_date", False),
                    "quantity": values.get("quantity", 0.0),
                }
            )

    @api.depends("barcode")
    def _compute_parse_error(self):
        for wizard in self:
            wizard.parse_error = wizard._parse(wizard.barcode)[1] if wizard.barcode else False

    def _nomenclature(self):
        nomenclature = self.env.company.nomenclature_id
        if nomenclature.is_gs1_nomenclature:
            return nomenclature
        return self.env.ref("barcodes_gs1_nomenclature.default_gs1_nomenclature")

    @api.model
    def _find_product(self, gtin):
        gtin14 = gs1.to_gtin14(gtin)
        if not gtin14:
            return self.env["product.product"]
        return self.env["product.product"].search(
            [("barcode", "in", gs1.gtin_candidates(gtin14))], limit=1
        )

    def _parse(self, barcode):
        """(values, error) read from a scanned GS1 code, with Odoo's GS1 nomenclature."""
        raw = gs1.human_readable_to_raw(barcode)
        link = gs1.parse_digital_link(raw) if "/01/" in raw else None
        values = {}
        if link:
            elements = [{"type": "product", "value": link[0]}, {"type": "lot", "value": link[1]}]
        else:
            try:
                elements = self._nomenclature().parse_barcode(raw)
            except (ValidationError, ValueError):
                elements = None
            if not isinstance(elements, list):
                return values, self.env._("This is not a GS1 barcode the receipt can read.")
        for element in elements:
            kind, value = element["type"], element["value"]
            if kind == "product":
                product = self._find_product(value)
                if not product:
                    return values, self.env._("No product has the GTIN %s.", value)
                values["product_id"] = product.id
            elif kind == "lot":
                values["lot_name"] = value
            elif kind == "expiration_date":
                values["expiration_date"] = value
            elif kind == "use_date":
                values["use_date"] = value
            elif kind == "coop_production_date":
                values["production_date"] = value
            elif kind == "quantity":
                values["quantity"] = value
        return values, False

    def _apply(self):
        self.ensure_one()
        if self.parse_error:
            raise UserError(self.parse_error)
        if not self.product_id or not self.lot_name:
            raise UserError(self.env._("The scanned code must give at least a product and a lot."))
        picking = self.picking_id
        move = picking.move_ids.filtered(
            lambda m: m.product_id == self.product_id and m.state not in ("done", "cancel")
        )[:1]
        if not move:
            raise UserError(
                self.env._(
                    "%(product)s is not expected in receipt %(picking)s.",
                    product=self.product_id.display_name,
                    picking=picking.name,
                )
            )
        line = (
            move.move_line_ids.filtered(
                lambda ml: ml.lot_name == self.lot_name or ml.lot_id.name == self.lot_name
            )[:1]
            or move.move_line_ids.filtered(lambda ml: not ml.lot_name and not ml.lot_id)[:1]
        )
        # Added by this carton: its count, else one on a line of its own.
        self._check_quantity(move, self.quantity or (0.0 if line else 1.0))
        # The line refuses a wrong production date (_coop_check_production_date) before
        # anything changes, as when it is typed on the receipt.
        vals = {"lot_name": self.lot_name}
        if self.production_date:
            vals["coop_production_date"] = self.production_date
        if self.use_date:
            vals["coop_use_date"] = self.use_date
        # The scanned expiry, else the one of the production date (as entered by hand).
        expiration = self.env["stock.move.line"]._coop_expiration_from_production(
            self.product_id, self.production_date
        )
        if self.expiration_date:
            expiration = datetime.datetime.combine(self.expiration_date, datetime.time(12))
        if expiration:
            vals["expiration_date"] = expiration
        if line:
            # Cartons of a lot add up; the first one replaces the quantity proposed on the
            # line without lot.
            if self.quantity:
                scanned = line.quantity if line.lot_name or line.lot_id else 0.0
                vals["quantity"] = scanned + self.quantity
            line.write(vals)
        else:
            line = self.env["stock.move.line"].create(
                dict(
                    move._prepare_move_line_vals(quantity=self.quantity or 1.0),
                    **vals,
                )
            )
        return line

    def _check_quantity(self, move, quantity):
        """Refuse a count beyond what the receipt still expects of the product: the demand
        less the lines already given a lot (the quantity Odoo proposes on the line without lot
        is replaced by the first carton). The scan is a shortcut that never receives more than
        ordered: staff set a larger delivery by hand."""
        uom = move.product_uom
        counted = move.move_line_ids.filtered(lambda ml: ml.lot_name or ml.lot_id)
        expected = move.product_uom_qty - sum(
            ml.product_uom_id._compute_quantity(ml.quantity, uom) for ml in counted
        )
        if (
            float_compare(quantity, 0, precision_rounding=uom.rounding) < 0
            or float_compare(quantity, expected, precision_rounding=uom.rounding) > 0
        ):
            raise UserError(
                self.env._(
                    "%(product)s: %(quantity)s %(unit)s scanned, but receipt %(picking)s "
                    "expects %(expected)s %(expected_unit)s more. Check the count on the "
                    "carton; if the cooperative really delivered more, set the quantity by "
                    "hand in the receipt.",
                    product=self.product_id.display_name,
                    quantity=formatLang(self.env, quantity, dp="Product Unit of Measure"),
                    expected=formatLang(self.env, max(expected, 0.0), dp="Product Unit of Measure"),
                    unit=uom._coop_name_after(quantity),
                    expected_unit=uom._coop_name_after(max(expected, 0.0)),
                    picking=move.picking_id.name,
                )
            )

    def action_apply(self):
        self._apply()
        return {"type": "ir.actions.act_window_close"}

    def action_apply_and_next(self):
        self._apply()
        return self.picking_id.action_coop_scan_gs1()
