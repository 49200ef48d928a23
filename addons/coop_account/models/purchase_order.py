from collections import defaultdict

from odoo import api, fields, models
from odoo.addons.coop_order_routing.models.purchase_order import HIDDEN_FROM_COOPS
from odoo.tools import float_compare

# the accountant's to-do on the credit note of goods returned to a cooperative, done when
# it is posted
POST_REFUND = "coop_account.mail_activity_type_post_refund"

# The spelled-out totals of purchase orders are hidden from cooperative managers, as
# coop_order_routing hides their amounts (the same groups may read them).


class PurchaseOrder(models.Model):
    _name = "purchase.order"
    _inherit = ["purchase.order", "coop.amount.words.mixin"]

    coop_amount_words_fr = fields.Char(groups=HIDDEN_FROM_COOPS)
    coop_amount_words_ar = fields.Char(groups=HIDDEN_FROM_COOPS)
    coop_is_cooperative = fields.Boolean(
        string="Cooperative Order",
        related="partner_id.commercial_partner_id.is_cooperative",
        help="The vendor is a cooperative of the GIE.",
    )

    def _coop_words_amount(self):
        self.ensure_one()
        return self.amount_total, self.currency_id

    # ------------------------------------------------------------------
    # Goods returned to the cooperative
    # ------------------------------------------------------------------

    @api.model
    def _coop_billed_beyond_received(self, domain):
        """Purchase orders whose posted bills, less their posted credit notes, bill more of
        a product billed on received quantities than was received (what was returned to
        the cooperative is no longer received): their credit note is missing or still a
        draft. ``domain`` selects the vendor bill lines to look at."""
        billed = defaultdict(float)
        for move_type, sign in (("in_invoice", 1), ("in_refund", -1)):
            for po_line, uom, quantity in self.env["account.move.line"]._read_group(
                [
                    *domain,
                    ("parent_state", "=", "posted"),
                    ("move_id.move_type", "=", move_type),
                    ("display_type", "=", "product"),
                    ("purchase_line_id.product_id.purchase_method", "=", "receive"),
                ],
                ["purchase_line_id", "product_uom_id"],
                ["quantity:sum"],
            ):
                if uom:
                    quantity = uom._compute_quantity(quantity, po_line.product_uom)
                billed[po_line] += sign * quantity
        return self.browse().concat(
            *{
                po_line.order_id
                for po_line, quantity in billed.items()
                if float_compare(
                    quantity, po_line.qty_received, precision_rounding=po_line.product_uom.rounding
                )
                > 0
            }
        )

    def _coop_refund_returns(self):
        """Draft the credit note of the goods returned to the cooperatives of these orders
        (Odoo's bill from the order, a credit note when more was billed than is received
        now) when their posted bills ask more than was received and no draft credit note
        does it already, and ask the accountant who billed the order to post it."""
        coop_orders = self.filtered("coop_is_cooperative")
        if not coop_orders:
            return
        orders = self._coop_billed_beyond_received(
            [("purchase_line_id.order_id", "in", coop_orders.ids)]
        ).filtered(
            lambda po: any(
                float_compare(
                    line.qty_to_invoice, 0.0, precision_rounding=line.product_uom.rounding
                )
                < 0
                for line in po.order_line
            )
        )
        if not orders:
            return
        # the storekeeper returning the goods drafts it for the accountant, who posts it
        orders = orders.sudo()  # sudo: a draft credit note only, posted by the accountant
        before = orders.invoice_ids
        orders.action_create_invoice()
        for refund in orders.invoice_ids - before:
            bills = refund.invoice_line_ids.purchase_line_id.invoice_lines.move_id.filtered(
                lambda m: m.state == "posted" and m.move_type == "in_invoice"
            )
            refund._coop_ask_to_post(
                bills,
                lambda env, refund=refund: env._(
                    "Goods of %(orders)s were returned to %(cooperative)s: check and post "
                    "this credit note. Until it is posted, she is not paid.",
                    orders=refund.invoice_origin,
                    cooperative=refund.commercial_partner_id.name,
                ),
            )
