from collections import defaultdict

from odoo import api, models
from odoo.osv import expression

from ..core import labels


class CoopShopFilter(models.AbstractModel):
    """Read-only queries of the storefront about cooperatives, made in batch.

    The storefront is public while cooperatives (res.partner), their vendor lines
    (product.supplierinfo) and certifications are not readable by visitors: every method
    here reads them as superuser, restricted to what the storefront publishes (eligible
    cooperatives and their quality labels valid today), and returns ids or records that
    the templates only use for public fields (name, region, story, counts, labels).

    A page gathers ``_storefront_data()`` once (two queries) and hands it to the badges
    and the filters, so that neither costs a query per product. A label is only claimed
    for a product when it is true whichever cooperative routing gives the order to.
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
    def _valid_label_certifications(self, cooperatives, type_ids=None, labels_only=True):
        """Certifications valid today of the given cooperatives (quality labels only, unless
        ``labels_only`` is false)."""
        domain = [("partner_id", "in", cooperatives.ids), ("is_valid_today", "=", True)]
        if labels_only:
            domain.append(("type_id.is_quality_label", "=", True))
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
    def _required_type_ids(self, templates):
        """{template id: ids of the certification types routing requires of its makers}."""
        groups = (
            self.env["product.template"]
            .sudo()  # sudo: certification types of the templates, ids only
            ._read_group(
                [("id", "in", templates.ids)],
                ["coop_required_certification_type_ids"],
                ["id:array_agg"],
            )
        )
        required = defaultdict(set)
        for cert_type, template_ids in groups:
            for template_id in template_ids if cert_type else ():
                required[template_id].add(cert_type.id)
        return {template_id: frozenset(type_ids) for template_id, type_ids in required.items()}

    @api.model
    def _badges(self, templates, data=None):
        """{template id: (cooperatives, label types)} in a constant number of queries.

        Cooperatives are the public ones making the product. Labels are those that every
        maker routing can give an order to holds (valid today, for all her products or for
        this one), see :mod:`..core.labels`.
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
        label_types = certs.type_id
        required = self._required_type_ids(templates)
        required_ids = set().union(*required.values())
        if required_ids:
            certs |= self._valid_label_certifications(coops, required_ids, labels_only=False)
        maker_ids = set().union(*coops_by_template.values())
        certs_by_coop = defaultdict(list)
        # without active_test: ids of the certified products, not their records (no query)
        for cert in certs.with_context(active_test=False):
            if cert.partner_id.id in maker_ids:
                certs_by_coop[cert.partner_id.id].append(
                    (cert.type_id.id, frozenset(cert.product_tmpl_ids.ids))
                )
        badges = {}
        for template_id in templates.ids:
            coop_ids = coops_by_template.get(template_id, set())
            held_by_maker = {
                coop_id: labels.held_types(certs_by_coop.get(coop_id, ()), template_id)
                for coop_id in coop_ids
            }
            needed = required.get(template_id, frozenset())
            label_ids = labels.product_labels(held_by_maker, needed, label_types.ids)
            # "made by": those routing may give the order to, as for the labels
            maker_ids = labels.routable_makers(held_by_maker, needed)
            badges[template_id] = (
                coops.filtered(lambda c, ids=maker_ids: c.id in ids),
                label_types.filtered(lambda t, ids=label_ids: t.id in ids),
            )
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
    def _product_ids_certified(self, certs):
        """Ids of the templates made by the holder of one of ``certs`` that it covers."""
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
        return product_ids

    @api.model
    def _product_ids_with_labels(self, type_ids, coop_id=None):
        """Ids of the templates whose badges show one of the label types (see ``_badges``).

        With ``coop_id``, only those for which that cooperative holds the label herself.
        """
        type_ids = set(type_ids)
        data = self._storefront_data()
        holders = data[1].filtered(
            lambda c: c.type_id.id in type_ids and (not coop_id or c.partner_id.id == coop_id)
        )
        candidates = self.env["product.template"].browse(self._product_ids_certified(holders))
        return sorted(
            template_id
            for template_id, (_coops, label_types) in self._badges(candidates, data).items()
            if type_ids.intersection(label_types.ids)
        )

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
            label_ids = self._product_ids_with_labels([label_id], coop_id=coop_id)
            domains.append([("id", "in", label_ids)])
        return expression.AND(domains)

    @api.model
    def _shown_label_types(self, data):
        """Label types that the badges of at least one product of the shop show: a label
        held by one of two makers of a product is shown on none, so not worth filtering on."""
        _coops, certs = data
        website = self.env["website"].get_current_website()
        templates = (
            self.env["product.template"]
            .sudo()  # sudo: vendors are unreadable by visitors; the shop's domain still applies
            .search(
                [
                    *website.sale_product_domain(),
                    ("variant_seller_ids.partner_id", "in", certs.partner_id.ids),
                ]
            )
        )
        shown = set()
        for _makers, label_types in self._badges(templates, data).values():
            shown.update(label_types.ids)
        return certs.type_id.filtered(lambda label_type: label_type.id in shown)

    @api.model
    def _shop_filter_choices(self, data=None):
        """Choices of the shop filters: public cooperatives, the labels shown on their
        products, their regions."""
        data = data or self._storefront_data()
        coops = data[0]
        return {
            "coops": coops,
            "labels": self._shown_label_types(data).sorted("name"),
            "regions": coops.state_id.sorted("name"),
        }
