from odoo.addons.purchase.controllers.portal import CustomerPortal
from odoo.exceptions import AccessError
from odoo.http import request


class CoopPurchasePortal(CustomerPortal):
    """Cooperative managers answer their orders in the backend, where prices are hidden.

    The vendor portal shows prices and lets the vendor change dates or decline outside the
    answer flow: it is closed to them (not to the vendors of the GIE's other purchases).
    """

    def _coop_portal_closed(self):
        user = request.env.user
        return user._has_group("coop_gie.group_coop_manager") and not user._has_group(
            "purchase.group_purchase_user"
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if self._coop_portal_closed():
            values.update(dict.fromkeys({"rfq_count", "purchase_count"} & set(counters), 0))
        return values

    def _render_portal(self, *args, **kwargs):
        """The lists of requests for quotation and of purchase orders."""
        if self._coop_portal_closed():
            return request.redirect("/odoo")
        return super()._render_portal(*args, **kwargs)

    def _document_check_access(self, model_name, document_id, access_token=None):
        """An order, its PDF, its date update, decline and EDI download. A cooperative's
        order is not opened with its access token either (a link from a forwarded email,
        logged out): outside the purchase team, nobody sees it on the portal."""
        if model_name == "purchase.order" and (
            self._coop_portal_closed() or self._coop_order_by_token(document_id)
        ):
            raise AccessError(request.env._('Answer your orders from "My orders" in the backend.'))
        return super()._document_check_access(model_name, document_id, access_token=access_token)

    def _coop_order_by_token(self, document_id):
        if request.env.user._has_group("purchase.group_purchase_user"):
            return False
        order = (
            request.env["purchase.order"]
            .sudo()  # sudo: whose order it is, before the token or the rules are checked
            .browse(document_id)
            .exists()
        )
        return order.partner_id.commercial_partner_id.is_cooperative
