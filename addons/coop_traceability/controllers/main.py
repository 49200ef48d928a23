from odoo import http
from odoo.http import request

from ..lib import weblang


class CoopTraceController(http.Controller):
    """Public trace page of a lot: what a customer sees when scanning the label's QR."""

    @http.route(
        "/01/<string:gtin>/10/<string:lot_name>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
        readonly=True,
    )
    def trace_digital_link(self, gtin, lot_name, **kwargs):
        lot = request.env["stock.lot"]._coop_find_published(gtin=gtin, lot_name=lot_name)
        return self._trace_response(lot)

    @http.route(
        "/t/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
        readonly=True,
    )
    def trace_token(self, token, **kwargs):
        lot = request.env["stock.lot"]._coop_find_published(token=token)
        return self._trace_response(lot)

    # ------------------------------------------------------------------ helpers

    def _trace_lang(self):
        """Visitor's language: the URL's (/ar/t/...), ?lang=, then the frontend cookie, then
        Accept-Language.

        These routes are not website routes: http_routing sets ``request.lang`` for them
        only when it took a language prefix off the URL.
        """
        installed = [code for code, _name in request.env["res.lang"].get_installed()]
        accept = request.httprequest.accept_languages
        url_lang = getattr(request, "lang", None)
        requested = [
            url_lang and url_lang.code,
            request.params.get("lang"),
            request.cookies.get("frontend_lang"),
            *accept.values(),
        ]
        return weblang.pick_lang(requested, installed)

    def _trace_response(self, lot):
        lang = self._trace_lang()
        env = request.env(context=dict(request.env.context, lang=lang))
        direction = env["res.lang"]._get_data(code=lang).direction or "ltr"
        base = {"lang": lang, "html_lang": lang.replace("_", "-"), "direction": direction}
        headers = [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Language", base["html_lang"]),
            ("Vary", "Accept-Language, Cookie"),
            ("X-Robots-Tag", "noindex"),
        ]
        if not lot:
            # Same page for an unknown and an unpublished lot: it tells nothing.
            html = env["ir.qweb"]._render("coop_traceability.trace_not_found", base)
            return request.make_response(html, headers=headers, status=404)
        # ``lot`` is a sudo record (see _coop_find_published): only the whitelisted values
        # of _coop_trace_values reach the template, never the record itself.
        values = dict(base, trace=lot._coop_trace_values(lang))
        html = env["ir.qweb"]._render("coop_traceability.trace_page", values)
        headers.append(("Cache-Control", "public, max-age=60"))
        return request.make_response(html, headers=headers)
