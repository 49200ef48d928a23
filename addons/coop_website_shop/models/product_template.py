import math
from datetime import timedelta

from babel.dates import format_timedelta

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools.misc import babel_locale_parse

# what a delivery price rule may go by: the weight, or the weight times the volume
WEIGHT_VARIABLES = ("weight", "wv")


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
    coop_weight_missing = fields.Boolean(
        string="On the Shop Without Weight",
        compute="_compute_coop_weight_missing",
        search="_search_coop_weight_missing",
        help="Goods on the shop without a weight, while delivery methods price by weight (or "
        "have a maximum weight): they would ship them as weighing nothing, at the lowest "
        "rate, and never count them towards their weight limit.",
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

    @api.depends("is_published", "sale_ok", "type", "product_variant_ids.weight")
    def _compute_coop_weight_missing(self):
        by_weight = self._coop_delivery_by_weight()
        for template in self:
            template.coop_weight_missing = (
                by_weight
                and template.is_published
                and template.sale_ok
                and template.type == "consu"
                and any(not variant.weight for variant in template.product_variant_ids)
            )

    def _search_coop_weight_missing(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        domain = expression.FALSE_DOMAIN
        if self._coop_delivery_by_weight():
            domain = [
                ("is_published", "=", True),
                ("sale_ok", "=", True),
                ("type", "=", "consu"),
                # "= False" on a number: 0 or not set
                ("product_variant_ids", "any", [("weight", "=", False)]),
            ]
        if (operator == "=") != value:
            domain = ["!", *expression.normalize_domain(domain)]
        return domain

    @api.model
    def _coop_delivery_by_weight(self):
        """Whether a published delivery method of the company goes by weight: a price rule
        on the weight, or a maximum weight."""
        return bool(
            self.env["delivery.carrier"]
            .sudo()  # sudo: a yes/no on the delivery methods, for whoever edits products
            .search_count(
                [
                    ("is_published", "=", True),
                    ("company_id", "in", [False, self.env.company.id]),
                    "|",
                    ("max_weight", ">", 0),
                    "&",
                    ("delivery_type", "=", "base_on_rule"),
                    "|",
                    ("price_rule_ids.variable", "in", WEIGHT_VARIABLES),
                    ("price_rule_ids.variable_factor", "in", WEIGHT_VARIABLES),
                ],
                limit=1,
            )
        )

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
