from odoo.addons.payment.controllers.post_processing import PaymentPostProcessing
from odoo.addons.payment_custom.controllers.main import CustomController
from odoo.http import request, route

# Session keys of the transaction the visitor started (payment's and website_sale's).
SESSION_TX_KEYS = (PaymentPostProcessing.MONITORED_TX_ID_KEY, "__website_sale_last_tx_id")


class CoopCustomController(CustomController):
    @route()
    def custom_process_transaction(self, **post):
        """Mark a cash on delivery payment confirmed by the customer only if it is the one
        this visitor's session started: the route is public and looks the transaction up by
        its guessable reference, and a confirmed cash on delivery payment confirms the order."""
        session_tx_ids = [
            tx_id for key in SESSION_TX_KEYS if isinstance(tx_id := request.session.get(key), int)
        ]
        if session_tx_ids and post.get("reference"):
            transactions = (
                request.env["payment.transaction"]
                .sudo()  # sudo: this visitor's own session transactions only
                .search(
                    [
                        ("id", "in", session_tx_ids),
                        ("reference", "=", post["reference"]),
                        ("provider_code", "=", "custom"),
                        ("state", "=", "draft"),
                    ]
                )
            )
            transactions.filtered(lambda tx: tx._coop_is_cod()).coop_cod_checkout_confirmed = True
        return super().custom_process_transaction(**post)
