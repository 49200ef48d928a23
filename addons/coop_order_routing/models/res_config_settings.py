from odoo import api, fields, models

# Secrets of the SMS gateways: settings are read as superuser (``default_get``), so their
# values are given to administrators only, whoever asks.
SECRET_FIELDS = ("coop_sms_gateway_token", "coop_sms_webhook_secret")


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    coop_answer_hours = fields.Integer(
        string="Answer Deadline (hours)",
        config_parameter="coop_order_routing.answer_hours",
        default=24,
        help="A cooperative has this long to answer an order before it is re-routed.",
    )
    coop_reminder_hours = fields.Integer(
        string="Reminder Before Deadline (hours)",
        config_parameter="coop_order_routing.reminder_hours",
        default=4,
    )
    coop_sms_provider = fields.Selection(
        [("odoo", "Odoo SMS (IAP)"), ("http", "Generic HTTP gateway")],
        string="SMS Provider",
        config_parameter="coop_order_routing.sms_provider",
        default="odoo",
    )
    coop_sms_gateway_url = fields.Char(
        string="Gateway URL", config_parameter="coop_order_routing.sms_gateway_url"
    )
    coop_sms_gateway_token = fields.Char(
        string="Gateway Token",
        config_parameter="coop_order_routing.sms_gateway_token",
        groups="base.group_system",
    )
    coop_sms_max_attempts = fields.Integer(
        string="SMS Attempts",
        config_parameter="coop_order_routing.sms_max_attempts",
        default=3,
        help="Times an SMS is tried before central staff are asked to call the cooperative.",
    )
    coop_sms_retry_minutes = fields.Integer(
        string="SMS Retry Delay (minutes)",
        config_parameter="coop_order_routing.sms_retry_minutes",
        default=30,
        help="Wait after an SMS's first failed attempt; twice as long after the second, "
        "three times after the third...",
    )
    coop_sms_webhook_secret = fields.Char(
        string="Inbound SMS Secret",
        config_parameter="coop_order_routing.sms_webhook_secret",
        groups="base.group_system",
        help="Shared secret the SMS gateway sends with every inbound SMS.",
    )

    @api.model
    def default_get(self, fields):
        values = super().default_get(fields)
        if not self.env.user.has_group("base.group_system"):
            for fname in SECRET_FIELDS:
                values.pop(fname, None)
        return values
