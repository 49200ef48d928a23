from odoo import api, fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    coop_sellable = fields.Boolean(
        string="Sold on the Shop",
        compute="_compute_coop_sellable",
        store=True,
        compute_sudo=True,
        help="A product made by cooperatives is only sold while at least one of its "
        "cooperative vendors is eligible (active member with valid certifications).",
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
        "variant_seller_ids.partner_id.is_cooperative",
        "variant_seller_ids.partner_id.coop_eligible",
    )
    def _compute_coop_sellable(self):
        for template in self:
            template.coop_sellable = not template.coop_sourced or any(
                partner.is_cooperative and partner.coop_eligible
                for partner in template.variant_seller_ids.partner_id
            )

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
