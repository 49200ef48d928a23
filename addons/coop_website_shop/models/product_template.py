import math
from datetime import timedelta

from babel.dates import format_timedelta

from odoo import api, fields, models
from odoo.tools.misc import babel_locale_parse


class ProductTemplate(models.Model):
    _inherit = "product.template"

    coop_sellable = fields.Boolean(
        string="Sold on the Shop",
        compute="_compute_coop_sellable",
        store=True,
        compute_sudo=True,
        help="A product made by cooperatives is only sold while routing can give its orders "
        "to at least one of its cooperative vendors: an eligible one (active member with "
        "valid mandatory certifications) holding every certification the product requires.",
    )
    coop_partner_ids = fields.Many2many(
        comodel_name="res.partner",
        string="Made by",
        compute="_compute_coop_shop_info",
        compute_sudo=True,
        help="Eligible cooperatives among the vendors of this product.",
    )
    coop_label_type_ids = fields.Many2many(
        comodel_name="coop.certification.type",
        string="Quality Labels",
        compute="_compute_coop_shop_info",
        search="_search_coop_label_type_ids",
        compute_sudo=True,
        help="Quality labels valid today held by every cooperative making this product that "
        "its orders can be routed to.",
    )

    @api.depends(
        "coop_sourced",
        "coop_required_certification_type_ids",
        "variant_seller_ids.partner_id.is_cooperative",
        "variant_seller_ids.partner_id.coop_eligible",
        "variant_seller_ids.partner_id.coop_certification_ids.state",
        "variant_seller_ids.partner_id.coop_certification_ids.date_from",
        "variant_seller_ids.partner_id.coop_certification_ids.date_to",
        "variant_seller_ids.partner_id.coop_certification_ids.type_id",
        "variant_seller_ids.partner_id.coop_certification_ids.product_tmpl_ids",
    )
    def _compute_coop_sellable(self):
        # sold while routing can give its orders to one of its makers
        routable = self._coop_routable_cooperatives()
        for template in self:
            template.coop_sellable = not template.coop_sourced or bool(routable[template.id])

    def _coop_recompute_sellable(self):
        """Recompute the stored ``coop_sellable`` of ``self`` now (certifications required
        by the products start and end with the calendar, their records do not change)."""
        self.env.add_to_compute(self._fields["coop_sellable"], self)
        self._recompute_recordset(["coop_sellable"])

    @api.depends(
        "variant_seller_ids.partner_id.coop_eligible",
        "variant_seller_ids.partner_id.coop_certification_ids",
    )
    def _compute_coop_shop_info(self):
        badges = self._origin._coop_shop_badges()
        for template in self:
            coops, labels = badges.get(template._origin.id, (None, None))
            template.coop_partner_ids = coops
            template.coop_label_type_ids = labels

    def _search_coop_label_type_ids(self, operator, value):
        if operator not in ("in", "="):
            return NotImplemented
        type_ids = [value] if isinstance(value, int) else list(value or [])
        return [("id", "in", self.env["coop.shop.filter"]._product_ids_with_labels(type_ids))]

    def _coop_shop_badges(self, data=None):
        """Return {template id: (cooperatives, label types)} for the storefront.

        A constant number of queries for the whole recordset; ``data`` is the page's
        ``coop.shop.filter._storefront_data()`` when the caller already has it. The records
        returned are superuser records of public data (see ``coop.shop.filter``).
        """
        return self.env["coop.shop.filter"]._badges(self, data)

    def _coop_made_to_order_text(self, makers):
        """What the product page says of when the product ships: made to order by
        ``makers`` (the cooperatives the order may be routed to), ready once the slowest of
        them has answered and made it, as routing plans it (her time to answer, then her
        lead time), from an order confirmed now; "" without makers."""
        self.ensure_one()
        template = self.sudo()  # sudo: lead times of the product's public makers, a duration
        sellers = template.variant_seller_ids.filtered(lambda seller: seller.partner_id in makers)
        if not sellers:
            return ""
        Allocation = self.env["coop.allocation"]
        answered_by = Allocation._coop_answered_by()
        ready = max(Allocation._coop_date_planned(False, seller, answered_by) for seller in sellers)
        days = math.ceil((ready - fields.Datetime.now()) / timedelta(days=1))
        duration = format_timedelta(  # the number of days in the words of the reader's language
            timedelta(days=days),
            granularity="day",
            threshold=math.inf,  # never a larger unit: "45 jours", not "2 mois"
            format="long",
            locale=babel_locale_parse(self.env.lang),
        )
        return self.env._(
            "Made to order by the cooperatives: ready to ship about %(duration)s after your "
            "order is confirmed.",
            duration=duration,
        )

    def _search_get_detail(self, website, order, options):
        detail = super()._search_get_detail(website, order, options)
        if options.get("coop_filter_domain"):
            detail["base_domain"] = [*detail["base_domain"], options["coop_filter_domain"]]
        return detail
