import logging

import requests

from odoo import api, fields, models

from ..core import deadlines
from .purchase_order import ANSWER_REQUESTS

_logger = logging.getLogger(__name__)

# Failures worth another try: the provider was down or refused for a while. The others (a
# wrong number, no credit, an unregistered account) need someone to act.
RETRIED_FAILURES = ("sms_server",)


class SmsSms(models.Model):
    """Second SMS provider: a generic HTTP gateway (URL + token). Failed SMS of either
    provider are tried again, further apart each time; central staff are asked to call the
    cooperative when one of her orders' SMS could not be sent."""

    _inherit = "sms.sms"

    coop_attempts = fields.Integer(string="Sending Attempts", default=0, copy=False)
    coop_retry_at = fields.Datetime(string="Next Attempt Not Before", copy=False)
    coop_kind = fields.Char(
        string="Cooperative SMS Kind",
        copy=False,
        help="What this SMS about a cooperative order is (request, reminder, cancelled...): "
        "one asking for her answer is not sent again once the order no longer waits for it.",
    )

    def _coop_retry_settings(self):
        """``(attempts, minutes)``: how many times an SMS is tried, and the minutes to wait
        after its first failed attempt (twice as long after the second...)."""
        params = self.env["ir.config_parameter"].sudo()  # sudo: reading the SMS gateway settings
        return (
            int(params.get_param("coop_order_routing.sms_max_attempts", 3)),
            int(params.get_param("coop_order_routing.sms_retry_minutes", 30)),
        )

    def _coop_gateway(self):
        params = self.env["ir.config_parameter"].sudo()  # sudo: reading the SMS gateway settings
        if params.get_param("coop_order_routing.sms_provider", "odoo") != "http":
            return None
        return {
            "url": params.get_param("coop_order_routing.sms_gateway_url"),
            "token": params.get_param("coop_order_routing.sms_gateway_token"),
        }

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        self._coop_count_attempt()
        gateway = self._coop_gateway()
        res = None
        if gateway is None:
            res = super()._send(
                unlink_failed=unlink_failed,
                unlink_sent=unlink_sent,
                raise_exception=raise_exception,
            )
        else:
            self._coop_send_http(gateway, unlink_failed=unlink_failed, unlink_sent=unlink_sent)
        self._coop_give_up()
        return res

    def _coop_count_attempt(self):
        """Count this attempt of these SMS, and set when the next may be if it fails."""
        _max_attempts, minutes = self._coop_retry_settings()
        now = fields.Datetime.now()
        sms_sudo = self.sudo()  # sudo: the queue updates its own SMS
        for attempts, batch in sms_sudo.grouped("coop_attempts").items():
            batch.write(
                {
                    "coop_attempts": attempts + 1,
                    "coop_retry_at": deadlines.sms_retry_at(now, attempts + 1, minutes),
                }
            )

    def _coop_send_http(self, gateway, unlink_failed, unlink_sent):
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

    def _coop_orders(self):
        """``{sms: purchase order}`` of these SMS posted on purchase orders."""
        on_orders = self.filtered(lambda sms: sms.mail_message_id.model == "purchase.order")
        orders = (
            self.env["purchase.order"]
            .sudo()  # sudo: the queue reads the orders its SMS are about
            .browse(on_orders.mail_message_id.mapped("res_id"))
            .exists()
        )
        by_id = {order.id: order for order in orders}
        return {
            sms: by_id[sms.mail_message_id.res_id]
            for sms in on_orders
            if sms.mail_message_id.res_id in by_id
        }

    def _coop_no_longer_needed(self, orders):
        """These SMS asking a cooperative for an answer her order (``orders``, see
        ``_coop_orders``) no longer waits for: answered, expired or cancelled. The others
        (e.g. a cancellation notice) must still go."""
        return self.filtered(
            lambda sms: (
                sms.coop_kind in ANSWER_REQUESTS
                and sms in orders
                and orders[sms].coop_answer_state != "waiting"
            )
        )

    def _coop_give_up(self):
        """Of these SMS just tried, those that failed and will not be tried again: cancelled
        when no longer needed, else central staff are asked to call the cooperative."""
        max_attempts, _minutes = self._coop_retry_settings()
        given_up = self.sudo().filtered(  # sudo: the queue reads its own SMS
            lambda sms: (
                sms.state == "error"
                and (sms.failure_type not in RETRIED_FAILURES or sms.coop_attempts >= max_attempts)
            )
        )
        if not given_up:
            return
        orders = given_up._coop_orders()
        needless = given_up._coop_no_longer_needed(orders)
        needless.action_set_canceled()
        failures = {}
        for sms in given_up - needless:
            if sms in orders:
                failures[orders[sms]] = failures.get(orders[sms], self.browse()) | sms
        if failures:
            self.env["purchase.order"]._coop_report_sms_failures(failures)

    @api.model
    def _cron_coop_retry_failed(self):
        """Try again the SMS the provider could not take, each when its wait is over (see
        ``_coop_count_attempt``), up to the configured attempts; the SMS asking for an answer
        her order no longer waits for are cancelled instead."""
        max_attempts, _minutes = self._coop_retry_settings()
        failed = self.search(
            [
                ("state", "=", "error"),
                ("failure_type", "in", RETRIED_FAILURES),
                ("coop_attempts", "<", max_attempts),
                ("coop_retry_at", "<=", fields.Datetime.now()),
                ("to_delete", "=", False),
            ],
            order="coop_retry_at, id",
            limit=500,
        )
        needless = failed._coop_no_longer_needed(failed._coop_orders())
        needless.action_set_canceled()
        retried = failed - needless
        if retried:
            retried.action_set_outgoing()
            retried.send(raise_exception=False)
