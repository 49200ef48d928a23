import datetime
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, format_date

from ..lib import gs1


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    coop_partner_id = fields.Many2one(
        "res.partner",
        string="Cooperative",
        compute="_compute_coop_partner_id",
        help="Vendor of the purchase order of this receipt, when it is a cooperative.",
    )
    coop_production_date = fields.Date(string="Production Date")
    coop_lot_name_proposed = fields.Boolean(
        string="Proposed Lot Number",
        copy=False,
        help="The lot number was proposed from the production date, not typed: it follows a "
        "production date entered afterwards.",
    )
    coop_use_date = fields.Date(
        string="Best Before",
        help="Best-before date printed by the cooperative (e.g. scanned from its carton), "
        "given to the lot this line creates.",
    )
    coop_origin_douar = fields.Char(string="Douar")
    coop_origin_commune = fields.Char(string="Commune")
    coop_raw_lot_ids = fields.Many2many(
        "stock.lot",
        "coop_move_line_raw_lot_rel",
        "move_line_id",
        "lot_id",
        string="Raw-Material Lots",
    )
    coop_quality_check_ids = fields.One2many(
        "coop.quality.check", "move_line_id", string="Quality Checks"
    )

    @api.depends(
        "move_id.purchase_line_id.order_id.partner_id", "picking_id.partner_id", "picking_code"
    )
    def _compute_coop_partner_id(self):
        for line in self:
            partner = line.move_id.purchase_line_id.order_id.partner_id.commercial_partner_id
            if not partner and line.picking_code == "incoming":
                partner = line.picking_id.partner_id.commercial_partner_id
            line.coop_partner_id = partner if partner.is_cooperative else False

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("coop_production_date"):
                self._coop_check_production_date(
                    self.env["product.product"].browse(vals.get("product_id")),
                    fields.Date.to_date(vals["coop_production_date"]),
                    fields.Datetime.to_datetime(vals.get("expiration_date")),
                )
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("coop_production_date"):
            production_date = fields.Date.to_date(vals["coop_production_date"])
            expiration = fields.Datetime.to_datetime(vals.get("expiration_date"))
            for line in self:
                product = (
                    self.env["product.product"].browse(vals["product_id"])
                    if "product_id" in vals
                    else line.product_id
                )
                line.with_company(line.company_id)._coop_check_production_date(
                    product, production_date, expiration
                )
        if "lot_name" in vals and "coop_lot_name_proposed" not in vals:
            vals = dict(vals, coop_lot_name_proposed=False)  # typed: kept as typed
        res = super().write(vals)
        if "coop_production_date" in vals:
            lines = self.filtered(lambda ml: not ml.lot_id)
            # a number proposed for another day follows the production date entered since
            lines.filtered("coop_lot_name_proposed")._coop_redate_proposed_lot_names()
            if "expiration_date" not in vals:
                # the best-before follows it too, as in the form (by RPC, an import...)
                for line in lines:
                    expiration = self._coop_expiration_from_production(
                        line.product_id, line.coop_production_date
                    )
                    if expiration:
                        line.expiration_date = expiration
        return res

    @api.model
    def _coop_expiration_from_production(self, product, production_date):
        """Expiration date of ``product`` made on ``production_date``, else False."""
        if not production_date or not product.use_expiration_date:
            return False
        return datetime.datetime.combine(production_date, datetime.time(12)) + datetime.timedelta(
            days=product.expiration_time
        )

    @api.model
    def _coop_check_production_date(self, product, production_date, expiration_date=None):
        """Refuse a production date of ``product`` in the future (today in the company's
        timezone) or one that puts the lot past its expiry date on receipt (1926 typed for
        2026): the date looks wrong. The expiry is ``expiration_date`` when the carton gives
        one, else the product's shelf life from the production date; the lot is past it as
        its trace page says (product_expiry's ``product_expiry_alert``)."""
        if not production_date:
            return
        today = fields.Date.context_today(
            self.with_context(tz=self.env.company.partner_id._coop_tz())
        )
        if production_date > today:
            raise ValidationError(
                self.env._(
                    "%(product)s: the production date %(date)s is in the future. The date "
                    "looks wrong: check it on the carton.",
                    product=product.display_name,
                    date=format_date(self.env, production_date),
                )
            )
        expiration = expiration_date or self._coop_expiration_from_production(
            product, production_date
        )
        if expiration and expiration <= fields.Datetime.now():
            raise ValidationError(
                self.env._(
                    "%(product)s: with the production date %(date)s, the lot is past its "
                    "expiry date (%(expiry)s) on receipt. The date looks wrong: check it on the "
                    "carton.",
                    product=product.display_name,
                    date=format_date(self.env, production_date),
                    expiry=format_date(self.env, expiration.date()),
                )
            )

    @api.onchange("coop_production_date")
    def _onchange_coop_production_date(self):
        expiration = self._coop_expiration_from_production(
            self.product_id, self.coop_production_date
        )
        if expiration:
            self.expiration_date = expiration

    # ------------------------------------------------------------ lot creation

    def _prepare_new_lot_vals(self):
        vals = super()._prepare_new_lot_vals()
        partner = self.coop_partner_id
        if partner:
            vals.update(
                {
                    "coop_partner_id": partner.id,
                    "coop_purchase_id": self.move_id.purchase_line_id.order_id.id or False,
                    "coop_production_date": self.coop_production_date
                    or fields.Date.context_today(self),
                    "coop_origin_douar": self.coop_origin_douar,
                    "coop_origin_commune": self.coop_origin_commune,
                    "coop_raw_lot_ids": [fields.Command.set(self.coop_raw_lot_ids.ids)],
                    "coop_published": True,
                }
            )
        return vals

    def _create_and_assign_production_lot(self):
        res = super()._create_and_assign_production_lot()
        # After the creation: a use_date in the lot's values would stop product_expiry from
        # computing its removal and alert dates.
        for line in self.filtered(lambda ml: ml.coop_use_date and ml.lot_id.use_expiration_date):
            line.lot_id.use_date = datetime.datetime.combine(line.coop_use_date, datetime.time(12))
        return res

    def _coop_is_receipt_to_number(self):
        self.ensure_one()
        return (
            self.picking_code == "incoming"
            and self.tracking == "lot"
            and self.picking_type_use_create_lots
            and not self.lot_id
            and not self.lot_name
            and self.coop_partner_id
            and float_compare(self.quantity, 0, precision_rounding=self.product_uom_id.rounding) > 0
        )

    def _coop_assign_default_lot_names(self):
        """Give the lines of a cooperative receipt without lot the default lot number
        ``<COOPCODE>-<YYMMDD>-<n>``: one lot per move and production date."""
        groups = defaultdict(lambda: self.browse())
        for line in self.filtered(lambda ml: ml._coop_is_receipt_to_number()):
            day = line.coop_production_date or fields.Date.context_today(line)
            groups[(line.move_id, line.coop_partner_id, day)] |= line
        for (_move, partner, day), lines in groups.items():
            lines.write(
                {"lot_name": partner._coop_next_lot_name(day), "coop_lot_name_proposed": True}
            )

    def _coop_redate_proposed_lot_names(self):
        """Put the production date of these lines in their proposed lot numbers, keeping
        the number of the cooperative's sequence: no number is used up unprinted."""
        for line in self.filtered("coop_partner_id"):
            number = line.lot_name.rsplit("-", 1)[-1]
            day = line.coop_production_date or fields.Date.context_today(line)
            line.write(
                {
                    "lot_name": gs1.coop_lot_name(line.coop_partner_id.coop_code, day, number),
                    "coop_lot_name_proposed": True,
                }
            )

    def _coop_existing_lots(self):
        """{line: lot} of these lines' chosen lot or the existing lot of their lot name
        (same product, same company or none), as Odoo assigns it on validation."""
        by_key = defaultdict(lambda: self.browse())
        for line in self.filtered(lambda ml: ml.lot_name and not ml.lot_id):
            by_key[(line.product_id, line.company_id)] |= line
        existing = {line: line.lot_id for line in self.filtered("lot_id")}
        for (product, company), lines in by_key.items():
            lots = self.env["stock.lot"].search(
                [
                    ("company_id", "in", (False, company.id)),
                    ("product_id", "=", product.id),
                    ("name", "in", lines.mapped("lot_name")),
                ]
            )
            names = {lot.name: lot for lot in lots}
            existing.update(
                {line: names[line.lot_name] for line in lines if line.lot_name in names}
            )
        return existing

    def _coop_check_lot_collisions(self):
        """A cooperative's receipt never goes into a lot of another cooperative, or of other
        production date or origin: cooperatives number their lots themselves, so the same
        lot number can come from two of them."""
        lines = self.filtered(
            lambda ml: (
                ml.coop_partner_id
                and float_compare(ml.quantity, 0, precision_rounding=ml.product_uom_id.rounding) > 0
            )
        )
        fields_to_match = ("coop_production_date", "coop_origin_douar", "coop_origin_commune")
        collisions = [
            lot
            for line, lot in lines._coop_existing_lots().items()
            if lot.coop_partner_id != line.coop_partner_id
            or any(line[name] and line[name] != lot[name] for name in fields_to_match)
        ]
        if collisions:
            lots = ", ".join(
                f"{lot.name} ({lot.product_id.display_name}, {lot.coop_partner_id.name or '-'})"
                for lot in collisions
            )
            raise UserError(
                self.env._(
                    "These lot numbers already exist for another cooperative or with another "
                    "production date or origin: %(lots)s. Give these goods their own lot "
                    "numbers, or leave them empty to number them in the cooperative's sequence.",
                    lots=lots,
                )
            )

    # ---------------------------------------------------------------- quality

    def _coop_create_quality_checks(self):
        """Plan the quality measures of the products of these receipt lines (once)."""
        lines = self.filtered(
            lambda ml: (
                ml.picking_code == "incoming"
                and ml.state != "done"
                and ml.product_id.product_tmpl_id.coop_quality_point_ids
                and float_compare(ml.quantity, 0, precision_rounding=ml.product_uom_id.rounding) > 0
            )
        )
        planned = {
            (check.move_line_id.id, check.point_id.id) for check in lines.coop_quality_check_ids
        }
        vals_list = [
            {
                "point_id": point.id,
                "move_line_id": line.id,
                "picking_id": line.picking_id.id,
                "lot_id": line.lot_id.id,
                "product_id": line.product_id.id,
                "company_id": line.company_id.id,
            }
            for line in lines
            for point in line.product_id.product_tmpl_id.coop_quality_point_ids
            if (line.id, point.id) not in planned
        ]
        return self.env["coop.quality.check"].create(vals_list)

    def _coop_route_to_quarantine(self):
        """Receipt lines whose lot failed a check go to quarantine instead of stock."""
        failed = self.filtered(
            lambda ml: (
                ml.lot_id.coop_blocked or "fail" in ml.coop_quality_check_ids.mapped("result")
            )
        )
        for company, lines in failed.grouped("company_id").items():
            quarantine = self.env["stock.location"]._coop_quarantine_location(company)
            lines.location_dest_id = quarantine

    def _coop_check_blocked_lots(self):
        """A blocked lot leaves quarantine only back to its vendor or to scrap."""
        forbidden = self.filtered(
            lambda ml: (
                ml.lot_id.coop_blocked
                and not ml.location_dest_id.coop_is_quarantine
                and ml.location_dest_id.usage not in ("inventory", "supplier")
            )
        )
        if forbidden:
            raise UserError(
                self.env._(
                    "These lots failed a quality check and are blocked until a GIE manager "
                    "releases them; they cannot be delivered or put back in stock: %s",
                    ", ".join(sorted(set(forbidden.lot_id.mapped("display_name")))),
                )
            )

    def _coop_check_recalled_lots(self):
        """A lot under an open recall, or made from a recalled lot, reaches no customer."""
        to_customers = self.filtered(
            lambda ml: (
                ml.location_dest_id.usage == "customer"
                and float_compare(ml.quantity, 0, precision_rounding=ml.product_uom_id.rounding) > 0
            )
        )
        if not to_customers:
            return
        Recall = self.env["coop.recall"].sudo()  # sudo: whoever ships must be stopped
        # every validation passes here: nothing more to read while no recall is open
        open_recalls = Recall.search([("state", "in", ("draft", "notified"))])
        if not open_recalls:
            return
        # a dropship line names its lot (Odoo finds or makes it on validation)
        lots = self.env["stock.lot"].concat(*to_customers._coop_existing_lots().values())
        if not lots:
            return
        sources = Recall._upstream_lots(lots)  # the lots and the lots they were made from
        recalls = open_recalls.filtered(
            lambda recall: recall.lot_id.id in sources or recall.lot_ids & lots
        )
        if not recalls:
            return
        recalled = lots.filtered(
            lambda lot: (
                lot in recalls.lot_ids
                or Recall._upstream_lots(lot).keys() & set(recalls.lot_id.ids)
            )
        )
        lot_names = ", ".join(sorted(recalled.mapped("display_name")))
        recall_names = ", ".join(recalls.mapped("name"))
        raise UserError(
            self.env._(
                "These lots are under a product recall (%(recalls)s) and cannot be delivered "
                "to customers: %(lots)s",
                recalls=recall_names,
                lots=lot_names,
            )
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_measured(self):
        """Deleting a line would delete its checks with it: the same rule as for the checks
        (a storekeeper could otherwise wipe a failed measure and receive the lot again)."""
        self.coop_quality_check_ids._coop_check_can_change()

    def _coop_link_quality_checks(self):
        """After validation, the checks of each line belong to the lot it created."""
        for lot, lines in self.filtered("lot_id").grouped("lot_id").items():
            checks = lines.coop_quality_check_ids.filtered(lambda c, lot=lot: c.lot_id != lot)
            if checks:
                # files the checks of the lines just validated under their lot, measures
                # unchanged (a failed one is locked for the user who validates)
                checks.sudo().write({"lot_id": lot.id})  # sudo: only their lot changes

    def _action_done(self):
        receipt_lines = self.filtered(lambda ml: ml.picking_code == "incoming")
        # goods a cooperative ships straight to the customer come with her lot too
        self.filtered(
            lambda ml: ml.picking_code in ("incoming", "dropship")
        )._coop_check_lot_collisions()
        receipt_lines._coop_assign_default_lot_names()
        receipt_lines._coop_create_quality_checks()
        receipt_lines._coop_route_to_quarantine()
        self._coop_check_blocked_lots()
        self._coop_check_recalled_lots()
        res = super()._action_done()
        receipt_lines.exists()._coop_link_quality_checks()
        return res
