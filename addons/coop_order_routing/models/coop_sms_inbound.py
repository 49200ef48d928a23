from odoo import fields, models


class CoopSmsInbound(models.Model):
    """SMS received from cooperative managers on the webhook (one per gateway message id)."""

    _name = "coop.sms.inbound"
    _description = "Inbound Cooperative SMS"
    _order = "id desc"
    _rec_name = "message_uid"

    message_uid = fields.Char(string="Gateway Message ID", required=True, readonly=True)
    number = fields.Char(readonly=True)
    body = fields.Text(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Cooperative", readonly=True)
    user_id = fields.Many2one("res.users", string="Manager", readonly=True)
    purchase_id = fields.Many2one("purchase.order", string="Purchase Order", readonly=True)
    action = fields.Selection(
        [("accept", "Accept"), ("partial", "Accept part"), ("refuse", "Refuse")], readonly=True
    )
    result = fields.Selection(
        [
            ("applied", "Applied"),
            ("already_answered", "Already answered"),
            ("not_applied", "Not applied"),
        ],
        readonly=True,
    )
    error = fields.Selection(
        [
            ("not_understood", "Not understood"),
            ("unknown_code", "Order not found"),
            ("unclear", "Unclear answer"),
            ("bad_quantity", "Quantity out of range"),
            ("not_whole", "Quantity not whole"),
            ("multi_line", "Part of several products"),
            ("failed", "Could not be applied"),
            ("busy", "Order being answered"),
            ("not_member", "Not an active member"),
        ],
        string="Why Not Applied",
        readonly=True,
        help="Not understood: no yes or no in it. Order not found: no order of her cooperative "
        "has this code, or she gave none and has not exactly one order waiting. Unclear: words "
        "or numbers that could change what she accepts, or a yes and a no. In these cases and "
        "for a quantity she cannot accept, nothing changes and an SMS tells her how to answer. "
        "Could not be applied: her answer failed (e.g. its re-routing); the server log says why. "
        "Order being answered: someone else was answering the order at that moment, for "
        "longer than her SMS could wait; she is asked by SMS to send it again. Not an active "
        "member: her cooperative left the GIE (withdrawn, rejected or archived); no answer of "
        "hers is taken and an SMS asks her to call the central.",
    )

    _sql_constraints = [
        ("uid_unique", "unique(message_uid)", "This SMS was already received."),
    ]
