from werkzeug.exceptions import NotFound

from odoo.addons.website_sale.controllers.main import WebsiteSale
from odoo.exceptions import UserError
from odoo.http import request, route
from odoo.osv import expression

from ..const import SHOP_FILTER_PARAMS


def coop_filter_values(params):
    """Validated shop filters (cooperative, label, region ids) of a query string."""
    values = {}
    for name in SHOP_FILTER_PARAMS:
        try:
            value = int(params.get(name) or 0)
        except (TypeError, ValueError):
            value = 0
        if value > 0:
            values[name] = value
    return values


class CoopWebsiteSale(WebsiteSale):
    def _coop_filter_domain(self, filters):
        if not filters:
            return []
        return request.env["coop.shop.filter"]._shop_filter_domain(
            coop_id=filters.get("coop"),
            label_id=filters.get("label"),
            region_id=filters.get("region"),
        )

    def _get_search_options(self, *args, **post):
        options = super()._get_search_options(*args, **post)
        options["coop_filter_domain"] = self._coop_filter_domain(coop_filter_values(post))
        return options

    def _get_shop_domain(self, search, category, attrib_values, search_in_description=True):
        domain = super()._get_shop_domain(
            search, category, attrib_values, search_in_description=search_in_description
        )
        extra = self._coop_filter_domain(coop_filter_values(request.params))
        return expression.AND([domain, extra]) if extra else domain

    def _shop_get_query_url_kwargs(self, category, search, min_price, max_price, **post):
        kwargs = super()._shop_get_query_url_kwargs(category, search, min_price, max_price, **post)
        kwargs.update(coop_filter_values(post))
        return kwargs

    def _get_additional_extra_shop_values(self, values, **post):
        res = super()._get_additional_extra_shop_values(values, **post)
        Filter = request.env["coop.shop.filter"]
        data = Filter._storefront_data()
        res.update(
            coop_badges=values["products"]._coop_shop_badges(data),
            coop_filters=coop_filter_values(post),
            coop_filter_choices=Filter._shop_filter_choices(data),
        )
        return res

    @route()
    def product(self, product, category="", search="", **kwargs):
        if not product.sudo().coop_sellable:  # sudo: one stored flag
            raise NotFound()
        return super().product(product, category=category, search=search, **kwargs)

    def _prepare_product_values(self, product, category, search, **kwargs):
        values = super()._prepare_product_values(product, category, search, **kwargs)
        values["coop_badges"] = product._coop_shop_badges()
        makers = values["coop_badges"][product.id][0]
        values["coop_made_to_order"] = product._coop_made_to_order_text(makers)
        values["coop_terms_page"] = request.website._coop_has_terms_page()
        return values

    def _validate_address_values(self, address_values, partner_sudo, address_type, *args, **kwargs):
        """A phone number that is none in the address's country ("abc", too few digits) is
        refused on its field, as Odoo refuses an e-mail (the courier calls it): read by
        ``phone_validation`` as dialled in that country, or with its international prefix."""
        invalid_fields, missing_fields, error_messages = super()._validate_address_values(
            address_values, partner_sudo, address_type, *args, **kwargs
        )
        phone = address_values.get("phone")
        if phone and "phone" not in invalid_fields:
            country = request.env["res.country"].browse(address_values.get("country_id")).exists()
            country = country or request.website.company_id.country_id
            try:
                request.env["res.partner"]._phone_format(
                    number=phone, country=country, raise_exception=True
                )
            except UserError:
                invalid_fields.add("phone")
                error_messages.append(
                    request.env._(
                        "Phone (%(country)s): %(phone)s is not a valid number. Type it as "
                        "you would dial it in that country, or with its international prefix "
                        "(+%(code)s).",
                        phone=phone,
                        country=country.name,
                        code=country.phone_code,
                    )
                )
        return invalid_fields, missing_fields, error_messages

    def _check_cart(self, order_sudo):
        redirection = super()._check_cart(order_sudo)
        if redirection:
            return redirection
        unsellable = order_sudo._coop_unsellable_lines()
        if unsellable:
            order_sudo.shop_warning = request.env._(
                "These products are no longer sold, please remove them from your cart: %s",
                ", ".join(unsellable.product_id.mapped("display_name")),
            )
            return request.redirect("/shop/cart")
        return None
