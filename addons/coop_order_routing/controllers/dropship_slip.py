from odoo import http
from odoo.http import content_disposition, request


class CoopDropshipSlip(http.Controller):
    """The delivery slip of a cooperative's order shipped straight to the customer, for her
    to put in the parcel: she has no access to stock, Odoo's print of the slip refuses her."""

    @http.route("/coop_order_routing/dropship_slip/<int:po_id>", type="http", auth="user")
    def dropship_slip(self, po_id):
        po = request.env["purchase.order"].browse(po_id).exists()
        if not po:
            return request.not_found()
        slips = po._coop_dropship_slips()  # AccessError (403) when the order is not hers
        if not slips:
            return request.not_found()
        reports = request.env["ir.actions.report"].sudo()  # sudo: shipments checked above
        content, kind = reports._render_qweb_pdf("stock.action_report_delivery", slips.ids)
        filename = f"{'-'.join(slips.mapped('name')).replace('/', '_')}.{kind}"
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/pdf" if kind == "pdf" else "text/html"),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
