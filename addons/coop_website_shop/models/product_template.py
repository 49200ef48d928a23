from odoo import api, fields, models


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

    def _search_get_detail(self, website, order, options):
        detail = super()._search_get_detail(website, order, options)
        if options.get("coop_filter_domain"):
            detail["base_domain"] = [*detail["base_domain"], options["coop_filter_domain"]]
        return detail
