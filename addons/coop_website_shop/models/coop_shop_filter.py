from collections import defaultdict

from odoo import api, models
from odoo.osv import expression


class CoopShopFilter(models.AbstractModel):
    """Read-only queries of the storefront about cooperatives, made in batch.

    The storefront is public while cooperatives (res.partner), their vendor lines
    (product.supplierinfo) and certifications are not readable by visitors: every method
    here reads them as superuser, restricted to what the storefront publishes (eligible
    cooperatives and their quality labels valid today), and returns ids or records that
    the templates only use for public fields (name, region, story, counts, labels).

    A page gathers ``_storefront_data()`` once (two queries) and hands it to the badges
    and the filters, so that neither costs a query per product.
    """

    _name = "coop.shop.filter"
    _description = "Cooperative Storefront Queries"

    @api.model
    def _public_cooperative_domain(self):
        return [("is_cooperative", "=", True), ("coop_eligible", "=", True)]

    @api.model
    def _public_cooperatives(self):
        return (
            self.env["res.partner"]
            .sudo()  # sudo: eligible cooperatives only
            .search_fetch(
                self._public_cooperative_domain(),
                ["name", "complete_name", "state_id", "city", "coop_code"],
                order="name, id",
            )
        )

    @api.model
    def _valid_label_certifications(self, cooperatives, type_ids=None):
        """Quality-label certifications valid today of the given cooperatives."""
        domain = [
            ("partner_id", "in", cooperatives.ids),
            ("type_id.is_quality_label", "=", True),
            ("is_valid_today", "=", True),
        ]
        if type_ids is not None:
            domain.append(("type_id", "in", list(type_ids)))
        return (
            self.env["coop.certification"]
            .sudo()  # sudo: public labels of public cooperatives
            .search_fetch(domain, ["partner_id", "type_id"])
        )

    @api.model
    def _storefront_data(self):
        """Public cooperatives and their quality labels valid today, for one page."""
        coops = self._public_cooperatives()
        return coops, self._valid_label_certifications(coops)

    @api.model
    def _badges(self, templates, data=None):
        """{template id: (cooperatives, label types)} in a constant number of queries.

        Labels are those of certifications valid today held by a cooperative making the
        product, for all its products or for this one (``product_tmpl_ids``).
        """
        coops, certs = data or self._storefront_data()
        pairs = (
            self.env["product.supplierinfo"]
            .sudo()  # sudo: which public cooperatives make them, ids only
            ._read_group(
                [("product_tmpl_id", "in", templates.ids), ("partner_id", "in", coops.ids)],
                ["product_tmpl_id", "partner_id"],
            )
        )
        coops_by_template = defaultdict(set)
        for template, partner in pairs:
            coops_by_template[template.id].add(partner.id)
        certs_by_coop = defaultdict(list)
        for cert in certs:
            certs_by_coop[cert.partner_id.id].append(cert)
        empty_types = self.env["coop.certification.type"].sudo()  # sudo: an empty recordset
        badges = {}
        for template_id in templates.ids:
            coop_ids = coops_by_template.get(template_id, set())
            types = empty_types
            for coop_id in coop_ids:
                for cert in certs_by_coop.get(coop_id, ()):
                    tmpl_ids = cert.product_tmpl_ids.ids
                    if not tmpl_ids or template_id in tmpl_ids:
                        types |= cert.type_id
            badges[template_id] = (coops.filtered(lambda c, ids=coop_ids: c.id in ids), types)
        return badges

    @api.model
    def _product_ids_of(self, cooperatives):
        """Ids of the product templates that the given cooperatives make."""
        if not cooperatives:
            return []
        return (
            self.env["product.template"]
            .sudo()  # sudo: supplierinfo is unreadable by visitors; ids only
            .search([("variant_seller_ids.partner_id", "in", cooperatives.ids)])
            .ids
        )

    @api.model
    def _product_ids_with_labels(self, type_ids):
        """Ids of the templates carrying one of the label types, through a cooperative."""
        certs = self._valid_label_certifications(self._public_cooperatives(), type_ids)
        general_coops = certs.filtered(lambda c: not c.product_tmpl_ids).partner_id
        product_ids = set(self._product_ids_of(general_coops))
        specific = certs.filtered("product_tmpl_ids")
        if specific:
            vendor_ids = {
                (template.id, partner.id)
                for template in specific.product_tmpl_ids
                for partner in template.variant_seller_ids.partner_id
            }
            product_ids.update(
                template.id
                for cert in specific
                for template in cert.product_tmpl_ids
                if (template.id, cert.partner_id.id) in vendor_ids
            )
        return sorted(product_ids)

    @api.model
    def _shop_filter_domain(self, coop_id=None, label_id=None, region_id=None):
        """Domain on product.template for the shop filters (ids already validated as int)."""
        if not (coop_id or label_id or region_id):
            return []
        coops = self._public_cooperatives()
        domains = []
        if coop_id:
            chosen = coops.filtered(lambda c: c.id == coop_id)
            domains.append([("id", "in", self._product_ids_of(chosen))])
        if region_id:
            in_region = coops.filtered(lambda c: c.state_id.id == region_id)
            domains.append([("id", "in", self._product_ids_of(in_region))])
        if label_id:
            domains.append([("id", "in", self._product_ids_with_labels([label_id]))])
        return expression.AND(domains)

    @api.model
    def _shop_filter_choices(self, data=None):
        """Choices of the shop filters: public cooperatives, their labels and regions."""
        coops, certs = data or self._storefront_data()
        return {
            "coops": coops,
            "labels": certs.type_id.sorted("name"),
            "regions": coops.state_id.sorted("name"),
        }
