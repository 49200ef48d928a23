import logging

import requests

from odoo import api, fields, models

_logger = logging.getLogger(__name__)


class SmsSms(models.Model):
    """Second SMS provider: a generic HTTP gateway (URL + token), with retries."""

    _inherit = "sms.sms"

    coop_attempts = fields.Integer(string="Gateway Attempts", default=0, copy=False)

    def _coop_gateway(self):
        params = self.env["ir.config_parameter"].sudo()  # sudo: reading the SMS gateway settings
        if params.get_param("coop_order_routing.sms_provider", "odoo") != "http":
            return None
        return {
            "url": params.get_param("coop_order_routing.sms_gateway_url"),
            "token": params.get_param("coop_order_routing.sms_gateway_token"),
        }

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        gateway = self._coop_gateway()
        if gateway is None:
            return super()._send(
                unlink_failed=unlink_failed,
                unlink_sent=unlink_sent,
                raise_exception=raise_exception,
            )
        sent = self.browse()
        failed = self.browse()
        for sms in self:
            if sms._coop_post(gateway):
                sent |= sms
            else:
                failed |= sms
        sms_sudo = self.sudo().with_context(  # sudo: the queue updates its own SMS
            sms_skip_msg_notification=True
        )
        for sms in sms_sudo:
            sms.coop_attempts += 1
        if sent:
            sent = sms_sudo & sent
            sent.sms_tracker_id._action_update_from_sms_state("pending")
            sent.write({"state": "pending", "failure_type": False, "to_delete": unlink_sent})
        if failed:
            failed = sms_sudo & failed
            failed.sms_tracker_id._action_update_from_sms_state("error", failure_type="sms_server")
            failed.write(
                {"state": "error", "failure_type": "sms_server", "to_delete": unlink_failed}
            )
        (sent | failed).mail_message_id._notify_message_notification_update()

    def _coop_post(self, gateway):
        """POST one SMS to the gateway; True if it took it."""
        if not gateway.get("url"):
            _logger.warning("SMS gateway URL is not configured")
            return False
        try:
            response = requests.post(
                gateway["url"],
                json={"to": self.number, "text": self.body, "id": self.uuid},
                headers={"Authorization": f"Bearer {gateway['token'] or ''}"},
                timeout=10,
            )
            response.raise_for_status()
        except requests.RequestException as error:
            _logger.info("SMS gateway refused SMS %s: %s", self.id, error)
            return False
        return True

    @api.model
    def _cron_coop_retry_failed(self):
        """Retry SMS the HTTP gateway failed to take, a few times."""
        max_attempts = int(
            self.env["ir.config_parameter"]
            .sudo()  # sudo: reading the SMS gateway settings
            .get_param("coop_order_routing.sms_max_attempts", 3)
        )
        failed = self.search(
            [
                ("state", "=", "error"),
                ("failure_type", "=", "sms_server"),
                ("coop_attempts", "<", max_attempts),
                ("to_delete", "=", False),
            ],
            limit=500,
        )
        if failed:
            failed.action_set_outgoing()
            failed.send(raise_exception=False)
