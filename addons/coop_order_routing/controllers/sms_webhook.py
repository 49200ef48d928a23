import hmac
import json
import logging
from datetime import timedelta

from odoo import SUPERUSER_ID, fields, http
from odoo.exceptions import AccessError, UserError
from odoo.http import request

from ..core import sms as smscore
from ..models.purchase_order import OPEN_ANSWER_STATES, OrderBeingAnswered

_logger = logging.getLogger(__name__)

# A reply is one SMS, or a few concatenated: ten of them (1,600 characters) and the
# gateway's envelope are far below these bounds, which spare the server huge posts.
MAX_BODY_BYTES = 16 * 1024
MAX_TEXT_CHARS = 1600
# SMS telling her that her SMS is not taken (not understood, or her cooperative left the GIE),
# at most, to one number in an hour: an answering machine replying to each of them would
# otherwise make an endless (and paid) exchange
MAX_HELP_PER_HOUR = 3
# the errors of the inbound SMS answered by one of those
HELP_ERRORS = ("not_understood", "unknown_code", "not_member")


def _json(http_status, **payload):
    return request.make_response(
        json.dumps(payload), headers=[("Content-Type", "application/json")], status=http_status
    )


class CoopSmsWebhook(http.Controller):
    """Inbound SMS from the gateway: ``POST /coop_order_routing/sms/inbound``.

    Parameters (form or JSON body): ``id`` (gateway message id), ``from`` (E.164 number),
    ``text``; the shared secret in the ``X-Coop-Secret`` header.
    Bad input answers 4xx and changes nothing; a replayed message id changes nothing, but
    for one answered ``busy`` (409, her order was held too long): its retry is read anew,
    and she is told "busy" once per message id.
    An answer from a registered number (a cooperative manager's or a cooperative's) that
    cannot be applied is recorded for staff (``coop.sms.inbound``, with why) and she is told
    by SMS how to answer; one from a cooperative that left the GIE (from her number, or her
    manager's, archived with her) is recorded and she is told it is not taken; a number
    nobody registered gets neither.
    """

    @http.route(
        "/coop_order_routing/sms/inbound",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def inbound(self, **params):
        if (request.httprequest.content_length or 0) > MAX_BODY_BYTES:
            return _json(413, error="too_large")
        if request.httprequest.mimetype == "application/json":
            try:
                params = json.loads(request.httprequest.get_data(as_text=True) or "{}")
            except ValueError:
                return _json(400, error="invalid_json")
            if not isinstance(params, dict):
                return _json(400, error="invalid_json")
        # The gateway is not a user: everything below runs as superuser until the
        # manager is identified, after checking the shared secret.
        env = request.env(su=True)
        secret = env["ir.config_parameter"].get_param("coop_order_routing.sms_webhook_secret")
        # Header only: a secret in the query string would end up in access and proxy logs.
        given = request.httprequest.headers.get("X-Coop-Secret") or ""
        if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
            return _json(403, error="bad_secret")
        values = [params.get(key) or "" for key in ("id", "from", "text")]
        # JSON may carry lists, numbers or objects; PostgreSQL refuses NUL characters; bytes
        # that are not UTF-8 arrive as replacement characters: what she sent is unknown
        if any(
            not isinstance(value, str) or "\x00" in value or "\ufffd" in value for value in values
        ):
            return _json(400, error="invalid_parameter")
        uid, number, text = values[0].strip(), values[1].strip(), values[2]
        if len(text) > MAX_TEXT_CHARS:
            return _json(413, error="too_large")
        if not uid or not number or not text.strip():
            return _json(400, error="missing_parameter")
        previous = env["coop.sms.inbound"].search([("message_uid", "=", uid)])
        if previous and previous.error != "busy":
            return _json(200, status="duplicate")
        # the gateway tries again an SMS answered "busy" (409), as asked: it is read anew,
        # in place of its record; she was told "busy" then, she is not told again
        told_busy = bool(previous)
        previous.unlink()
        sender = env["purchase.order"]._coop_sms_sender(number)
        if not sender.coop:
            return _json(403, error="unknown_number")
        inbound = env["coop.sms.inbound"]
        inbound_vals = {
            "message_uid": uid,
            "number": number,
            "body": text,
            "partner_id": sender.coop.id,
            "user_id": sender.user.id,
        }
        if sender.coop._coop_has_left():
            # no answer of hers is taken, to any order: she is told, lest she believe it is
            # (a suspended cooperative has not left: her answers are read, each told what
            # became of her order)
            inbound.create(dict(inbound_vals, result="not_applied", error="not_member"))
            if self._may_tell(env, sender, number):
                env["purchase.order"].with_user(SUPERUSER_ID)._coop_send_sms_not_member(sender)
            return _json(403, error="not_member")
        try:
            reply = smscore.parse_reply(text)
        except smscore.ReplyError as error:
            return self._not_understood(env, sender, inbound_vals, 400, error.code)
        po = env["purchase.order"]._coop_sms_find_order(sender.coop, reply.code)
        if not po:
            return self._not_understood(env, sender, inbound_vals, 404, "unknown_code")
        action = "accept" if reply.action == smscore.ACCEPT else "refuse"
        inbound_vals["purchase_id"] = po.id
        quantities = None
        if po.coop_answer_state in OPEN_ANSWER_STATES:
            # "OK <code> <qty>": partial acceptance, for one-line orders only; an unclear
            # answer is not guessed (an answer to a closed order is told it comes too late)
            error, quantities = po._coop_sms_quantities(reply)
            if error:
                # recorded first, so that a replay is a duplicate and sends no second SMS
                inbound.create(dict(inbound_vals, result="not_applied", error=error))
                # tell her why, in her language; sent by the platform (OdooBot), as the
                # jobs' SMS, not by the public user of the webhook
                po.with_user(SUPERUSER_ID)._coop_send_sms(error, writer=sender.writer)
                return _json(422, error=error)
            if quantities:
                action = "partial"
                if not any(quantities.values()):  # "OK <code> 0": she accepts nothing
                    action, quantities = "refuse", None
        try:
            # all of her answer or nothing (e.g. its re-routing fails): the request commits
            with env.cr.savepoint():
                # the answer runs as the manager herself: record rules apply; it waits for
                # an answer given meanwhile, and is then tried again if that one changed the
                # order (see _coop_lock): applied, or told the order was closed before it
                applied = (po.with_user(sender.user) if sender.user else po)._coop_answer(
                    action, channel="sms", quantities=quantities, reason=reply.text or None
                )
        except OrderBeingAnswered as error:
            # still being answered after the wait: nothing is wrong, she sends it again
            _logger.info("Inbound SMS %s not applied now: %s", uid, error)
            # not linked to the order (her SMS says its code): a link would wait for its row,
            # which the other transaction holds
            inbound.create(
                dict(
                    inbound_vals,
                    purchase_id=False,
                    action=action,
                    result="not_applied",
                    error="busy",
                )
            )
            if not told_busy:
                po.with_user(SUPERUSER_ID)._coop_send_sms("busy", writer=sender.writer)
            return _json(409, error="busy")
        except (UserError, AccessError) as error:
            _logger.info("Inbound SMS %s not applied: %s", uid, error)
            # staff see what she sent
            inbound.create(dict(inbound_vals, action=action, result="not_applied", error="failed"))
            po.with_user(SUPERUSER_ID)._coop_sms_not_applied(error, sender.writer)
            return _json(409, error="not_applied")
        inbound.create(
            dict(inbound_vals, action=action, result="applied" if applied else "already_answered")
        )
        if not applied:
            # the order was closed before her answer: she is told, lest she believe it taken
            # (sent by the platform, see above)
            po.with_user(SUPERUSER_ID)._coop_send_sms(
                po._coop_sms_closed_kind(), writer=sender.writer
            )
        return _json(200, status="applied" if applied else "already_answered", order=po.name)

    def _not_understood(self, env, sender, inbound_vals, http_status, error):
        """Her SMS applies to no order of hers (``error``): recorded for staff, and she is
        told how to answer (see ``MAX_HELP_PER_HOUR``)."""
        reason = "unknown_code" if error == "unknown_code" else "not_understood"
        # recorded first, so that a replay is a duplicate and sends no second SMS
        env["coop.sms.inbound"].create(dict(inbound_vals, result="not_applied", error=reason))
        if self._may_tell(env, sender, inbound_vals["number"]):
            # sent by the platform (OdooBot), as the jobs' SMS, not by the public user
            env["purchase.order"].with_user(SUPERUSER_ID)._coop_send_sms_help(sender)
        return _json(http_status, error=error)

    def _may_tell(self, env, sender, number):
        """Whether ``sender``, whose SMS from ``number`` was just recorded as not taken, may
        be told so by SMS: at most ``MAX_HELP_PER_HOUR`` times an hour to her number."""
        recent = env["coop.sms.inbound"].search(
            [
                ("partner_id", "=", sender.coop.id),
                ("error", "in", HELP_ERRORS),
                ("create_date", ">", fields.Datetime.now() - timedelta(hours=1)),
            ]
        )
        # her number as the sender lookup reads it: the gateway may write it in local or
        # international form ("0670112233", "212670112233", "+212670112233")
        normalise = env["purchase.order"]._coop_normalise_number
        number = normalise(number)
        told = recent.filtered(lambda sms: normalise(sms.number) == number)
        return len(told) <= MAX_HELP_PER_HOUR
