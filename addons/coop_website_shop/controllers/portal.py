from odoo.addons.sale.controllers.portal import CustomerPortal
from odoo.osv import expression


class CoopCustomerPortal(CustomerPortal):
    """An order waiting for the customer's transfer is a quotation for Odoo until the money
    arrives (the cooperatives make nothing before), but she placed and paid it at checkout:
    her portal lists and counts it among her orders, not among the quotations to review."""

    def _prepare_quotations_domain(self, partner):
        return expression.AND(
            [super()._prepare_quotations_domain(partner), [("coop_awaiting_transfer", "=", False)]]
        )

    def _prepare_orders_domain(self, partner):
        awaiting = [
            ("message_partner_ids", "child_of", [partner.commercial_partner_id.id]),
            ("coop_awaiting_transfer", "=", True),
        ]
        return expression.OR([super()._prepare_orders_domain(partner), awaiting])
