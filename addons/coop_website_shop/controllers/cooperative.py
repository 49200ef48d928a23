import textwrap

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request
from odoo.tools import html2plaintext

META_DESCRIPTION_LENGTH = 160
MAX_ID = 2**31 - 1  # ids are PostgreSQL integers: a larger one in a URL is no record


class CoopSeoMeta:
    """SEO object for `website.layout`: OpenGraph and Twitter tags of a cooperative page.

    The layout reads `seo_object.get_website_meta()` and asks `'website_meta_*' in
    seo_object`; cooperatives (res.partner) are not `website.seo.metadata` records.
    """

    def __init__(self, title, description, image_url, url, og_type="profile"):
        self._meta = {
            "opengraph_meta": {
                "og:type": og_type,
                "og:title": title,
                "og:description": description,
                "og:image": image_url,
                "og:url": url,
            },
            "twitter_meta": {
                "twitter:card": "summary",
                "twitter:title": title,
                "twitter:description": description,
                "twitter:image": image_url,
            },
            "meta_description": description,
        }

    def __contains__(self, field_name):
        return False

    def __repr__(self):
        # The layout writes repr(seo_object) for the SEO dialog of the website editor, which
        # can only edit `website.seo.metadata` records: give it nothing to edit.
        return ""

    def get_website_meta(self):
        return self._meta


def sitemap_cooperatives(env, rule, qs):
    for coop in env["coop.shop.filter"]._public_cooperatives():
        loc = coop.coop_website_url
        if not qs or qs.lower() in loc:
            yield {"loc": loc}


def _int_or_zero(value):
    try:
        return max(int(value or 0), 0)
    except (TypeError, ValueError):
        return 0


class CoopWebsite(http.Controller):
    def _coop_shop_products(self, cooperatives):
        """Products of the cooperatives that the visitor can buy, with their makers."""
        Filter = request.env["coop.shop.filter"]
        products = request.env["product.template"].search(
            [
                *request.website.sale_product_domain(),
                ("id", "in", Filter._product_ids_of(cooperatives)),
            ],
            order="website_sequence, name, id",
        )
        return products, products._coop_shop_badges()

    def _coop_public(self, coop_id):
        Filter = request.env["coop.shop.filter"]
        if coop_id > MAX_ID:
            return request.env["res.partner"]
        return (
            request.env["res.partner"]
            .sudo()  # sudo: public (eligible) cooperatives only
            .search([("id", "=", coop_id), *Filter._public_cooperative_domain()], limit=1)
        )

    @http.route(
        "/cooperatives", type="http", auth="public", website=True, sitemap=True, readonly=True
    )
    def cooperatives(self, region=None, family=None, **kwargs):
        region_id, family_id = _int_or_zero(region), _int_or_zero(family)
        all_coops = request.env["coop.shop.filter"]._public_cooperatives()
        products, badges = self._coop_shop_products(all_coops)
        products_by_coop = {}
        families_by_coop = {}
        for product in products:
            roots = {int(c.parent_path.split("/")[0]) for c in product.public_categ_ids}
            for coop in badges[product.id][0]:
                products_by_coop.setdefault(coop.id, []).append(product)
                families_by_coop.setdefault(coop.id, set()).update(roots)
        coops = all_coops
        if region_id:
            coops = coops.filtered(lambda c: c.state_id.id == region_id)
        if family_id:
            coops = coops.filtered(lambda c: family_id in families_by_coop.get(c.id, ()))
        families = (
            request.env["product.public.category"]
            .browse(sorted(set().union(*families_by_coop.values())))
            .exists()
        )
        title = request.env._("Our cooperatives")
        description = request.env._(
            "The women's cooperatives of the GIE around Oujane: their story, their "
            "members, their quality labels and their products."
        )
        website = request.website
        base_url = website.get_base_url()
        image_field = "social_default_image" if website.has_social_default_image else "logo"
        values = {
            "cooperatives": coops,
            "regions": all_coops.state_id.sorted("name"),
            "families": families.sorted("name"),
            "region_id": region_id,
            "family_id": family_id,
            "products_by_coop": products_by_coop,
            "additional_title": title,
            "website_meta_description": description,
            "seo_object": CoopSeoMeta(
                title,
                description,
                base_url + website.image_url(website, image_field),
                f"{base_url}/cooperatives",
                og_type="website",
            ),
        }
        return request.render("coop_website_shop.cooperatives_page", values)

    @http.route(
        "/cooperatives/<string:coop_slug>",
        type="http",
        auth="public",
        website=True,
        sitemap=sitemap_cooperatives,
        readonly=True,
    )
    def cooperative(self, coop_slug, **kwargs):
        coop_id = request.env["ir.http"]._unslug(coop_slug)[1]
        coop = self._coop_public(coop_id) if coop_id else None
        if not coop:
            raise NotFound()
        canonical = coop._coop_slug()
        if coop_slug != canonical:
            return request.redirect(f"/cooperatives/{canonical}", code=301)
        products, badges = self._coop_shop_products(coop)
        base_url = request.website.get_base_url()
        story = html2plaintext(coop.coop_story or "").strip()
        description = (
            textwrap.shorten(story, META_DESCRIPTION_LENGTH, placeholder="…")
            if story
            else (request.env._("%s, women's cooperative of the GIE around Oujane.", coop.name))
        )
        values = {
            "coop": coop,
            "pictures": self._coop_pictures(coop),
            "certifications": coop.coop_certification_ids.filtered("is_valid_today"),
            "products": products,
            "coop_badges": badges,
            "products_prices": products._get_sales_prices(request.website),
            "additional_title": coop.name,
            "website_meta_description": description,
            "seo_object": CoopSeoMeta(
                coop.name,
                description,
                f"{base_url}/cooperatives/{coop.id}/image",
                f"{base_url}/cooperatives/{canonical}",
            ),
        }
        return request.render("coop_website_shop.cooperative_page", values)

    @http.route(
        "/cooperatives/<int:coop_id>/image",
        type="http",
        auth="public",
        sitemap=False,
        readonly=True,
    )
    def cooperative_image(self, coop_id, **kwargs):
        coop = self._coop_public(coop_id)
        if not coop:
            raise NotFound()
        stream = request.env["ir.binary"]._get_image_stream_from(
            coop, "image_512", placeholder="base/static/img/company_image.png"
        )
        return stream.get_response(max_age=86400)

    def _coop_pictures(self, coop):
        """Pictures of the cooperative (coop_gie's ``coop_picture_ids``)."""
        return coop.coop_picture_ids.filtered(lambda a: (a.mimetype or "").startswith("image/"))

    @http.route(
        "/cooperatives/<int:coop_id>/picture/<int:attachment_id>",
        type="http",
        auth="public",
        sitemap=False,
        readonly=True,
    )
    def cooperative_picture(self, coop_id, attachment_id, **kwargs):
        coop = self._coop_public(coop_id)
        picture = (
            self._coop_pictures(coop).filtered(lambda a: a.id == attachment_id) if coop else None
        )
        if not picture:
            raise NotFound()
        stream = request.env["ir.binary"]._get_image_stream_from(picture, "raw", width=1024)
        return stream.get_response(max_age=86400)

    @http.route(
        "/cooperatives/label/<int:type_id>/image",
        type="http",
        auth="public",
        sitemap=False,
        readonly=True,
    )
    def label_image(self, type_id, **kwargs):
        label = type_id <= MAX_ID and (
            request.env["coop.certification.type"]
            .sudo()  # sudo: public label badges only
            .search([("id", "=", type_id), ("is_quality_label", "=", True)], limit=1)
        )
        if not label:
            raise NotFound()
        stream = request.env["ir.binary"]._get_image_stream_from(
            label,
            "image",
            width=128,
            height=128,
            placeholder="coop_website_shop/static/src/img/label_placeholder.png",
        )
        return stream.get_response(max_age=86400)
