from odoo import Command, api, fields, models

from ..core import allocator


class ProductTemplate(models.Model):
    _inherit = "product.template"

    coop_required_certification_type_ids = fields.Many2many(
        "coop.certification.type",
        "product_template_coop_required_cert_rel",
        "product_tmpl_id",
        "type_id",
        string="Required Certifications",
        help="Only cooperatives holding a valid certification of each of these types (for "
        "this product) are routed orders of it, e.g. organic.",
    )
    coop_sourcing_ids = fields.One2many(
        "coop.sourcing", "product_tmpl_id", string="Cooperative Supply"
    )

    @api.model_create_multi
    def create(self, vals_list):
        templates = super().create(vals_list)
        templates.filtered("coop_sourced")._coop_ensure_routes()
        return templates

    def write(self, vals):
        # what each product required before: what it requires anew is taken back from the
        # cooperatives' orders waiting for their answer, if they do not hold it
        required = (
            {tmpl: tmpl.coop_required_certification_type_ids for tmpl in self}
            if "coop_required_certification_type_ids" in vals
            else {}
        )
        res = super().write(vals)
        if vals.get("coop_sourced"):
            self._coop_ensure_routes()
        added = {
            tmpl: tmpl.coop_required_certification_type_ids - before
            for tmpl, before in required.items()
        }
        added = {tmpl: types for tmpl, types in added.items() if types}
        if added:
            self.env["purchase.order"]._coop_take_back_newly_required(added)
        return res

    def _coop_routable_cooperatives(self):
        """{template id: its cooperative vendors that routing may give its orders to}:
        eligible, and holding valid today every certification the product requires (for
        all their products or for this one), screened as routing screens them. Reads
        vendors and certifications: call it as superuser where they are not readable."""
        Allocation = self.env["coop.allocation"]
        coops = self.variant_seller_ids.partner_id.filtered(
            lambda partner: partner.is_cooperative and partner.coop_eligible
        )
        valid_certs = Allocation._coop_valid_certs(coops, fields.Date.context_today(self))
        result = {}
        for template in self:
            required = template.coop_required_certification_type_ids.mapped("code")
            result[template.id] = template.variant_seller_ids.partner_id.filtered(
                # in a form, the product edited is the saved one its certifications name
                lambda partner, tmpl=template._origin, required=required: (
                    partner.id in valid_certs
                    and not allocator.missing_certifications(
                        required, Allocation._coop_valid_cert_codes(valid_certs[partner.id], tmpl)
                    )
                )
            )
        return result

    def _coop_ensure_routes(self):
        """Cooperative products are bought on order (MTO + Buy) unless dropshipped."""
        routes = self.env["stock.route"]
        for xmlid in ("stock.route_warehouse0_mto", "purchase_stock.route_warehouse0_buy"):
            routes |= self.env.ref(xmlid, raise_if_not_found=False) or routes
        dropship = self.env.ref("stock_dropshipping.route_drop_shipping", raise_if_not_found=False)
        for template in self:
            if dropship and dropship in template.route_ids:
                continue
            missing = routes - template.route_ids
            if missing:
                template.route_ids = [Command.link(route.id) for route in missing]

    @api.model
    def _coop_install_routes(self):
        mto = self.env.ref("stock.route_warehouse0_mto", raise_if_not_found=False)
        if mto and not mto.active:
            mto.active = True
        self.search([("coop_sourced", "=", True)])._coop_ensure_routes()
