from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import float_compare, formatLang

from ..core.quantity import shown_digits

# Writing any of these stamps the declaration with the user who writes, and the time.
DECLARATION_FIELDS = ("qty_available", "weekly_capacity", "declared_by_id", "declared_on")

# Most a declaration may say (quantity available and weekly capacity), in the reference unit
# of the product's unit (kg, L, Units): a thousand tonnes or cubic metres, a million pieces.
# The whole of Morocco harvests a few thousand tonnes of argan oil a year and a cooperative of
# the GIE sells a few tonnes: a figure above this is a typing mistake (extra zeros, a phone
# number in the wrong field) that routing would take for real supply. Counted in the
# reference unit, a declaration in grams or millilitres gets the same room as one in kg or L.
MAX_SUPPLY = 1_000_000


class CoopSourcing(models.Model):
    """What a cooperative can supply of a product right now and per week."""

    _name = "coop.sourcing"
    _description = "Cooperative Supply Declaration"
    # its history in the company's language, whoever declares (see the mixin)
    _inherit = ["coop.company.chatter.mixin", "mail.thread", "coop.access.mixin"]
    _order = "product_tmpl_id, partner_id"
    _rec_names_search = ["partner_id", "product_tmpl_id"]

    partner_id = fields.Many2one(
        "res.partner",
        string="Cooperative",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("is_cooperative", "=", True)],
        default=lambda self: self.env.user.coop_id,
    )
    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("coop_sourced", "=", True)],
    )
    uom_id = fields.Many2one(related="product_tmpl_id.uom_id", string="Unit")
    qty_available = fields.Float(
        string="Quantity Available",
        digits="Product Unit of Measure",
        tracking=True,
        help="Quantity the cooperative can deliver now. Routing consumes it.",
    )
    # the unit after the quantity on her phone, in the form her language writes there
    available_uom_name = fields.Char(string="Unit Available", compute="_compute_available_uom_name")
    weekly_capacity = fields.Float(
        digits="Product Unit of Measure",
        tracking=True,
        help="Most the cooperative can take over any 7 days. 0 means no weekly limit.",
    )
    target_share = fields.Float(
        string="Target Share (%)",
        tracking=True,
        help="Share of the routed volume of this product the cooperative should get under "
        "the balanced policy. Left at 0, cooperatives share equally.",
    )
    declared_by_id = fields.Many2one(
        "res.users", string="Declared By", default=lambda self: self.env.user, readonly=True
    )
    declared_on = fields.Datetime(default=fields.Datetime.now, readonly=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    _sql_constraints = [
        (
            "partner_product_unique",
            "unique(partner_id, product_tmpl_id)",
            "A cooperative declares its supply of a product only once: update the existing line.",
        ),
    ]

    @api.depends("uom_id", "qty_available")
    @api.depends_context("lang")
    def _compute_available_uom_name(self):
        for rec in self:
            rec.available_uom_name = rec.uom_id._coop_name_after(rec.qty_available)

    @api.depends("partner_id", "product_tmpl_id")
    def _compute_display_name(self):
        # a declaration being typed is titled by what is picked so far
        for rec in self:
            names = (rec.partner_id.display_name, rec.product_tmpl_id.display_name)
            rec.display_name = " - ".join(name for name in names if name)

    @api.constrains("partner_id", "product_tmpl_id")
    def _check_cooperative_product(self):
        self.partner_id._coop_check_is_cooperative(
            self.env._("only cooperatives declare their supply.")
        )
        for rec in self:
            if not rec.product_tmpl_id.coop_sourced:
                raise ValidationError(
                    self.env._(
                        "%s is not made by the cooperatives: no supply to declare.",
                        rec.product_tmpl_id.display_name,
                    )
                )
        # Routing offers a cooperative only what she has a vendor line for (her price, lead
        # time and minimum): supply declared without one would never be ordered.
        vendor_lines = {
            (partner.id, tmpl.id)
            for partner, tmpl in self.env["product.supplierinfo"]
            .sudo()  # sudo: only whether a vendor line exists; a manager may not read prices
            ._read_group(
                [
                    ("partner_id", "in", self.partner_id.ids),
                    ("product_tmpl_id", "in", self.product_tmpl_id.ids),
                ],
                ["partner_id", "product_tmpl_id"],
            )
        }
        for rec in self:
            if (rec.partner_id.id, rec.product_tmpl_id.id) not in vendor_lines:
                raise ValidationError(
                    self.env._(
                        "%(coop)s is not a vendor of %(product)s yet: the central staff "
                        "first add her price and lead time on the product (Purchase tab), "
                        "then her supply can be declared.",
                        coop=rec.partner_id.display_name,
                        product=rec.product_tmpl_id.display_name,
                    )
                )

    @api.constrains("qty_available", "weekly_capacity", "target_share")
    def _check_supply_range(self):
        """Not SQL constraints: Odoo's import shows their messages untranslated. Routing
        writes only the quantity available (``coop_routing_consume``): it is checked, never
        to take more than is declared, the rest is not read again."""
        _ = self.env._
        consuming = self.env.su and self.env.context.get("coop_routing_consume")
        for rec in self:
            if rec.qty_available < 0:
                raise ValidationError(_("The available quantity cannot be negative."))
            if consuming:
                continue
            if rec.weekly_capacity < 0:
                raise ValidationError(_("The capacity cannot be negative."))
            if not 0 <= rec.target_share <= 100:
                raise ValidationError(_("The target share is a percentage between 0 and 100."))

    @api.constrains("qty_available", "weekly_capacity", "product_tmpl_id")
    def _check_supply_bound(self):
        """Bounds what people declare, in whole steps of the product's unit (no 12.5 Units
        of a unit counted whole). Routing taking supply or giving back what it took
        (superuser, ``coop_routing_consume``) declares nothing: it is not checked, so that
        giving back to a declaration at the limit never blocks a cancellation."""
        if self.env.su and self.env.context.get("coop_routing_consume"):
            return
        Allocation = self.env["coop.allocation"]
        for rec in self:
            uom = rec.product_tmpl_id.uom_id
            limit = MAX_SUPPLY * (uom.factor or 1.0)
            for name in ("qty_available", "weekly_capacity"):
                Allocation._coop_check_whole_steps(
                    rec[name],
                    uom,
                    self.env._(
                        "%(field)s of %(product)s (%(coop)s)",
                        field=rec._fields[name]._description_string(self.env),
                        product=rec.product_tmpl_id.display_name,
                        coop=rec.partner_id.display_name,
                    ),
                )
                if float_compare(rec[name], limit, precision_rounding=uom.rounding or 0.01) > 0:
                    raise ValidationError(
                        self.env._(
                            "%(field)s of %(product)s (%(coop)s): %(qty)s %(unit)s is more than "
                            "a cooperative of the GIE can supply. Check the figure: at most "
                            "%(limit)s %(limit_unit)s.",
                            field=rec._fields[name]._description_string(self.env),
                            product=rec.product_tmpl_id.display_name,
                            coop=rec.partner_id.display_name,
                            # as she wrote it: "1,000,001 Units", not "1,000,001.00"
                            qty=formatLang(
                                self.env, rec[name], digits=shown_digits(rec[name], uom.rounding)
                            ),
                            limit=formatLang(self.env, limit, digits=0),
                            unit=uom._coop_name_after(rec[name]),
                            limit_unit=uom._coop_name_after(round(limit)),
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._coop_check_staff_fields(vals)
        # The stamp is always the user who declares: it cannot be given, except by data
        # loaded as superuser (demo data, migrations), which says who declared.
        stamp = self._coop_declaration_stamp()
        return super().create(
            [dict(stamp, **vals) if self.env.su else dict(vals, **stamp) for vals in vals_list]
        )

    def write(self, vals):
        self._coop_check_staff_fields(vals)
        # Routing consumes supply as superuser; nobody else may skip or set the stamp.
        consuming = self.env.su and self.env.context.get("coop_routing_consume")
        if set(DECLARATION_FIELDS) & set(vals) and not consuming:
            vals = dict(vals, **self._coop_declaration_stamp())
        return super().write(vals)

    def _coop_declaration_stamp(self):
        return {"declared_by_id": self.env.user.id, "declared_on": fields.Datetime.now()}

    def _coop_check_staff_fields(self, vals):
        """A cooperative declares what she can supply; her share of the orders is the GIE's."""
        if "target_share" not in vals or self.env.su:
            return
        if not self.env.user.has_group("coop_gie.group_gie_user"):
            raise AccessError(
                self.env._("Only central staff set the target share of a cooperative.")
            )
