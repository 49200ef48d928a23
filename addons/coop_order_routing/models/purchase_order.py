import logging
import secrets
from typing import NamedTuple

import psycopg2.errors
from markupsafe import Markup

from odoo import api, fields, models
from odoo.addons.phone_validation.tools import phone_validation
from odoo.exceptions import AccessError, UserError
from odoo.tools import (
    SQL,
    LazyTranslate,
    float_compare,
    float_is_zero,
    float_round,
    format_date,
)

from ..core import allocator, deadlines
from ..core import sms as smscore
from ..core.quantity import is_whole_steps
from . import coop_allocation as alloc_codes

_logger = logging.getLogger(__name__)
_lt = LazyTranslate(__name__)

ANSWER_STATES = [
    ("waiting", "Waiting for answer"),
    ("date_proposed", "Other date proposed"),
    ("accepted", "Accepted"),
    ("partial", "Partly accepted"),
    ("refused", "Refused"),
    ("expired", "Expired"),
    ("cancelled", "Cancelled"),
]
OPEN_ANSWER_STATES = ("waiting", "date_proposed")
# orders whose cooperative still prepares them: told by SMS when they are lowered or cancelled
LIVE_ANSWER_STATES = (*OPEN_ANSWER_STATES, "accepted", "partial")
# Activities the engine leaves for central staff on cooperative orders.
NOT_SENT = "coop_order_routing.mail_activity_type_not_sent"
DATE_PROPOSED = "coop_order_routing.mail_activity_type_date_proposed"
SMS_FAILED = "coop_order_routing.mail_activity_type_sms_failed"
NOT_EXPIRED = "coop_order_routing.mail_activity_type_not_expired"
NOT_RECORDED = "coop_order_routing.mail_activity_type_answer_not_recorded"
# Those of an order waiting for its cooperative's answer: done once it no longer waits.
WAITING_ACTIVITIES = [SMS_FAILED, NOT_EXPIRED, NOT_RECORDED]
# Kinds of SMS (see ``_coop_sms_body``) asking the cooperative for her answer: not worth
# sending once the order no longer waits for it. The others (accepted, refused, expired,
# cancelled, lowered) tell her what became of her order: they must go whatever its state.
ANSWER_REQUESTS = frozenset(
    {"request", "reminder", "multi_line", "bad_quantity", "not_whole", "unclear", "busy"}
)
# Channels of the answers of the cooperative herself (staff and the deadline job answer too).
COOP_CHANNELS = ("mobile", "sms")
# Seconds an SMS answer waits for an order another transaction is answering (see _coop_lock):
# an answer in the app or a job holds it for a moment; she is not there to try again.
SMS_LOCK_WAIT = 5
# Groups that may see purchase prices: everyone working on purchases, stock, accounting or
# sales, central staff and (for the vendor portal) portal users, but not cooperative
# managers, who answer orders without seeing prices.
HIDDEN_FROM_COOPS = (
    "purchase.group_purchase_user,stock.group_stock_user,account.group_account_readonly,"
    "account.group_account_invoice,sales_team.group_sale_salesman,coop_gie.group_gie_user,"
    "base.group_system,base.group_portal"
)


class OrderBeingAnswered(UserError):
    """Another transaction answers the order right now (``_coop_lock``): a passing
    conflict, gone once it ends, unlike the errors of the answer itself."""


class CooperativeNotEligible(UserError):
    """The cooperative answering her order is no longer eligible to sell: she may refuse
    it, not take it (``_coop_check_cooperative_may_take``)."""


def error_text(error):
    """What an error tells staff: a business error's message, else its type and text."""
    return error.args[0] if isinstance(error, UserError) else f"{type(error).__name__}: {error}"


class SmsSender(NamedTuple):
    """Who wrote an inbound SMS (see ``purchase.order._coop_sms_sender``); empty records
    when her number is nobody's."""

    coop: models.BaseModel  # the cooperative (res.partner)
    user: models.BaseModel  # manager (res.users): hers, the first one if the coop's number
    writer: models.BaseModel  # partner who wrote: the manager, or the cooperative itself


class PurchaseOrder(models.Model):
    _name = "purchase.order"
    # the history of a cooperative order is in the company's language (see the mixin)
    _inherit = ["coop.company.chatter.mixin", "purchase.order"]

    # Prices are never shown to cooperative managers (field-level access).
    amount_untaxed = fields.Monetary(groups=HIDDEN_FROM_COOPS)
    amount_tax = fields.Monetary(groups=HIDDEN_FROM_COOPS)
    amount_total = fields.Monetary(groups=HIDDEN_FROM_COOPS)
    amount_total_cc = fields.Monetary(groups=HIDDEN_FROM_COOPS)
    tax_totals = fields.Binary(groups=HIDDEN_FROM_COOPS)

    coop_sale_order_id = fields.Many2one(
        "sale.order", string="Central Sales Order", index=True, readonly=True, copy=False
    )
    coop_allocation_ids = fields.One2many(
        "coop.allocation", "purchase_id", string="Allocations", readonly=True
    )
    coop_answer_state = fields.Selection(
        ANSWER_STATES, string="Cooperative Answer", copy=False, index=True, tracking=True
    )
    coop_answer_deadline = fields.Datetime(string="Answer Before", copy=False, index=True)
    coop_sent_at = fields.Datetime(string="Sent to Cooperative On", copy=False)
    coop_answered_at = fields.Datetime(string="Answered On", copy=False)
    coop_answer_channel = fields.Selection(
        [
            ("mobile", "Mobile app"),
            ("sms", "SMS"),
            ("staff", "Central staff"),
            ("cron", "Deadline"),
        ],
        string="Answered Through",
        copy=False,
    )
    coop_reminder_sent = fields.Boolean(copy=False)
    coop_sms_code = fields.Char(
        string="SMS Code",
        copy=False,
        index=True,
        readonly=True,
        help="Short code the cooperative quotes in her SMS answer.",
    )
    coop_proposed_date = fields.Datetime(string="Proposed Date", copy=False)
    coop_refusal_reason = fields.Text(string="Refusal Reason", copy=False)
    coop_line_summary = fields.Text(string="Products", compute="_compute_coop_line_summary")
    coop_is_dropship = fields.Boolean(
        string="Ships to the Customer", compute="_compute_coop_line_summary"
    )

    @api.depends_context("uid")  # with show_total_amount, the name depends on who reads it
    def _compute_display_name(self):
        if not self.env.context.get("show_total_amount") or self._fields[
            "amount_total"
        ].is_accessible(self.env):
            return super()._compute_display_name()
        # the total is hidden from her: the name without it
        without_total = self.with_context(show_total_amount=False)
        super(PurchaseOrder, without_total)._compute_display_name()
        for po, name in zip(self, without_total.mapped("display_name"), strict=True):
            po.display_name = name

    @api.depends("order_line.product_qty", "order_line.product_id", "dest_address_id")
    @api.depends_context("lang")
    def _compute_coop_line_summary(self):
        qty_text = self.env["coop.allocation"]._coop_qty_text
        for po in self:
            po.coop_line_summary = "\n".join(
                f"{line.product_id.display_name}: {qty_text(line.product_qty, line.product_uom)} "
                f"{line.product_uom._coop_name_after(line.product_qty)}"
                for line in po.order_line
                if not line.display_type
            )
            po.coop_is_dropship = bool(po.dest_address_id)

    # ------------------------------------------------------------------
    # Sending to the cooperative
    # ------------------------------------------------------------------

    def _coop_new_codes(self, count):
        """``count`` codes of ``smscore.CODE_DIGITS`` digits not used by any open order."""
        lowest = 10 ** (smscore.CODE_DIGITS - 1)
        codes = set()
        while len(codes) < count:
            candidates = {f"{lowest + secrets.randbelow(9 * lowest)}" for _i in range(count * 2)}
            taken = set(
                self.sudo()  # sudo: codes of every open order must be unique, whoever draws them
                .search(
                    [
                        ("coop_sms_code", "in", list(candidates)),
                        ("coop_answer_state", "in", OPEN_ANSWER_STATES),
                    ]
                )
                .mapped("coop_sms_code")
            )
            codes |= candidates - taken
        return list(codes)[:count]

    @api.model
    def _coop_queue_dispatch(self):
        """Have the new cooperative orders sent by a job just after this transaction
        (``_cron_coop_dispatch``): the customer's checkout or the staff's confirmation does
        not wait for the SMS (message, notification and queue records per order), and
        cannot fail because of them."""
        cron = self.env.ref("coop_order_routing.ir_cron_coop_dispatch")
        cron.sudo()._trigger()  # sudo: wake the job; it sends only unsent orders

    @api.model
    def _cron_coop_dispatch(self):
        """Send the cooperative orders routing made and nobody sent yet (woken right after
        each routing; the schedule only catches up after a failure or a restart). New orders
        in one batch; if that fails, one by one, so that an order that cannot be sent does
        not hold the others. Orders that already failed are tried alone, after the batch."""
        unsent = self.search(
            [
                ("coop_sale_order_id", "!=", False),
                ("coop_answer_state", "=", False),
                ("state", "=", "draft"),
            ],
            order="id",
        )
        failed = unsent.activity_search([NOT_SENT]).mapped("res_id")
        batch = unsent.filtered(lambda po: po.id not in failed)
        alone = unsent - batch
        if batch and batch._coop_try(batch._coop_dispatch):
            alone = unsent  # one order must not hold the others: one by one
        for po in alone:
            po._coop_dispatch_alone()

    def _coop_try(self, func, *args):
        """Run ``func(*args)`` in a savepoint: the error it raised (its work rolled back),
        or None. Contention with another transaction is raised: the job runs again later."""
        try:
            with self.env.cr.savepoint():
                func(*args)
        except psycopg2.OperationalError:
            raise
        except Exception as error:  # whatever the cause: the caller logs and shows it
            return error
        return None

    def _coop_dispatch_alone(self):
        """Send this order alone; on failure, leave it unsent (the job tries again at its
        next run) with an activity for central staff."""
        self.ensure_one()
        self.env.cr.flush()  # the earlier orders' work: its failure is not this order's
        error = self._coop_try(self._coop_dispatch)
        if not error:
            return
        _logger.error("Cooperative order %s could not be sent", self.name, exc_info=error)
        self._coop_report_failure(
            NOT_SENT,
            _lt(
                "This order could not be sent to the cooperative (%(error)s). It is tried "
                "again at every run of the job sending new orders; the server log has the "
                "details.",
                error=error_text(error),
            ),
        )

    def _coop_report_failure(self, xmlid, note):
        """Show central staff that a job failed on this order, which it tries again at its
        next runs: an ``xmlid`` activity (one, however many runs fail) with the lazy text
        ``note``. If even that fails, the job's log is all staff have."""
        self.ensure_one()
        failure = self._coop_try(self._coop_schedule_once, xmlid, note)
        if failure:
            _logger.error("The failure of order %s could not be shown", self.name, exc_info=failure)

    def _coop_schedule_once(self, xmlid, note):
        """An ``xmlid`` activity saying the lazy text ``note`` to the staff member who follows
        this order up, in her language, not the job's; none if it has one already."""
        if self.activity_search([xmlid]):
            return
        user = self._coop_staff_user()
        po = self.with_context(lang=user.lang, mail_activity_quick_update=True)
        po.activity_schedule(xmlid, user_id=user.id, note=po.env._(note))

    def _coop_staff_user(self):
        """Who follows up this order: the staff of its central order, else its buyer, else
        the administrator."""
        self.ensure_one()
        if self.coop_sale_order_id:
            return self.coop_sale_order_id._coop_staff_user()
        return self.user_id or self.env.ref("base.user_admin")

    def _coop_report_sms_failures(self, failures):
        """Ask central staff to call the cooperatives whose SMS could not be sent (their
        last attempt failed): an activity on each order (one, each failure adding its lines),
        saying to whom, why and what the SMS said. ``failures``: ``{order: sms.sms}``."""
        orders = self.browse([order.id for order in failures])
        orders = orders.sudo()  # sudo: staff activity, whoever sent the SMS (queue, resend)
        existing = {activity.res_id: activity for activity in orders.activity_search([SMS_FAILED])}
        for order in orders:
            sms = failures[order]
            staff = order._coop_staff_user()
            # in the language of the staff who calls her, not of the SMS queue
            po = order.with_context(lang=staff.lang, mail_activity_quick_update=True)
            reasons = dict(sms._fields["failure_type"]._description_selection(po.env))
            note = Markup("<br/>").join(
                po.env._(
                    "The SMS to %(number)s could not be sent (%(reason)s, %(attempts)s "
                    "attempt(s)). Please call the cooperative to tell her: %(text)s",
                    number=one.number,
                    reason=reasons.get(one.failure_type, one.failure_type),
                    attempts=one.coop_attempts,
                    text=one.body,
                )
                for one in sms
            )
            activity = existing.get(order.id)
            if activity:
                activity.note = Markup("%s<br/>%s") % (activity.note or "", note)
            else:
                po.activity_schedule(SMS_FAILED, user_id=staff.id, note=note)

    def _coop_activity_feedback(self, xmlids, feedback):
        """Mark done these orders' activities of the types ``xmlids`` with the lazy text
        ``feedback``: in the language of each one's assignee, who reads it, not of whoever
        acts (a job, a manager answering in Arabic)."""
        alloc_codes.done_in_their_language(
            self.filtered("coop_sale_order_id").activity_search(xmlids), feedback
        )

    def _coop_close_dispatch_failures(self, feedback):
        """Mark done the "not sent" activities of these orders (sent, cancelled or
        confirmed by staff since)."""
        self._coop_activity_feedback([NOT_SENT], feedback)

    def _coop_close_date_proposals(self, feedback):
        """Mark done the activities asking staff to answer a date the cooperative proposed."""
        self.sudo()._coop_activity_feedback([DATE_PROPOSED], feedback)  # sudo: the engine's own

    def _coop_close_waiting(self, feedback):
        """Mark done the activities of these orders waiting for their cooperative's answer
        (call her, whose SMS could not be sent; find why an order could not expire): the
        orders no longer wait for it."""
        orders = self.sudo()  # sudo: the engine's own activities
        orders._coop_activity_feedback(WAITING_ACTIVITIES, feedback)

    def _coop_chatter_env(self):
        # other purchase orders keep Odoo's way
        return super()._coop_chatter_env() if self.coop_sale_order_id else self.env

    def get_formview_id(self, access_uid=None):
        """A cooperative manager reads an order in her own form, whatever link she follows
        (a notification, the chatter): Odoo's form shows stock moves and routing records
        she may not read, and would greet her with an access error."""
        user = self.env["res.users"].browse(access_uid) if access_uid else self.env.user
        if user.has_group("coop_gie.group_coop_manager"):
            return self.env.ref("coop_order_routing.purchase_order_view_form_coop_manager").id
        return super().get_formview_id(access_uid=access_uid)

    def button_cancel(self):
        res = super().button_cancel()
        self._coop_close_dispatch_failures(_lt("Cancelled before it was sent."))
        self._coop_close_date_proposals(_lt("The order is cancelled."))
        self._coop_close_waiting(_lt("The order is cancelled."))
        return res

    def button_confirm(self):
        res = super().button_confirm()
        self._coop_close_dispatch_failures(_lt("Confirmed without being sent."))
        return res

    def _coop_dispatch(self):
        """Send new cooperative orders: mark them sent, set the answer deadline, SMS; close
        the activities of an earlier failure to send them."""
        if not self:
            return
        params = self.env["ir.config_parameter"].sudo()  # sudo: reading the routing settings
        answer_hours = int(params.get_param("coop_order_routing.answer_hours", 24))
        now = fields.Datetime.now()
        for po, code in zip(self, self._coop_new_codes(len(self)), strict=False):
            commitment = po.coop_sale_order_id.commitment_date
            # the vendor lead time the routing checked against the customer's date
            lead = 0
            if commitment:
                lead = max(
                    (
                        line.product_id._select_seller(
                            partner_id=po.partner_id, quantity=None
                        ).delay
                        for line in po.order_line
                    ),
                    default=0,
                )
            po.write(
                {
                    "state": "sent",
                    "coop_answer_state": "waiting",
                    "coop_sms_code": code,
                    "coop_sent_at": now,
                    "coop_answer_deadline": deadlines.answer_deadline(
                        now, answer_hours, commitment, lead_time_days=lead
                    ),
                }
            )
        self._coop_send_sms("request")
        self._coop_close_dispatch_failures(_lt("Sent to the cooperative."))

    def _coop_recipients(self, writer=None):
        """Partners (with their mobile number) who get this order's SMS: the cooperative's
        (see ``res.partner._coop_sms_numbers``); ``writer`` alone when the SMS answers hers."""
        self.ensure_one()
        if writer:
            return {partner.id: partner.mobile for partner in writer.filtered("mobile")}
        return self.partner_id.commercial_partner_id._coop_sms_numbers()

    def _coop_recipients_by_lang(self, writer=None):
        """This order's SMS recipients grouped by the language each reads, ``{lang: {partner
        id: number}}`` (see ``res.partner._coop_sms_numbers_by_lang``)."""
        self.ensure_one()
        return self.partner_id.commercial_partner_id._coop_sms_numbers_by_lang(
            self.company_id, self._coop_recipients(writer)
        )

    @api.model
    def _coop_sms_lang(self, partner, coop, company):
        """The language ``partner`` (a manager, or her cooperative ``coop``) reads her SMS in:
        her own, else the cooperative's, else ``company``'s."""
        return partner.lang or coop.lang or company.partner_id.lang or self.env.lang

    def _coop_sms_body(self, kind, lang):
        """Text of the SMS ``kind`` about this order, in ``lang``."""
        self.ensure_one()
        po = self.with_context(lang=lang)
        _ = po.env._
        # the cooperative's time zone, whoever sends it (staff, a job, an SMS answer)
        tz = self.partner_id._coop_tz(self.company_id)
        # the day she is to deliver, in her time zone; first and last days when her products
        # have different lead times (the order's own date is the first line's)
        days = sorted(
            {
                fields.Datetime.context_timestamp(po.with_context(tz=tz), date).date()
                for date in self.order_line.mapped("date_planned")
            }
        )
        values = {
            "code": self.coop_sms_code or self.name,
            "date": " – ".join(
                format_date(po.env, day, lang_code=lang) for day in sorted({*days[:1], *days[-1:]})
            ),
            "deadline": po.env["coop.allocation"]._coop_datetime_text(self.coop_answer_deadline, tz)
            if self.coop_answer_deadline
            else "",
        }
        templates = {
            "request": _(
                "GIE order %(code)s: %(summary)s. Delivery %(date)s. "
                "Reply OK %(code)s to accept or NON %(code)s to refuse before %(deadline)s."
            ),
            "reminder": _(
                "Reminder: GIE order %(code)s (%(summary)s) waits for your answer before "
                "%(deadline)s. Reply OK %(code)s or NON %(code)s."
            ),
            "accepted": _("Thank you: GIE order %(code)s is accepted (%(summary)s)."),
            "refused": _("GIE order %(code)s is refused. Thank you for your answer."),
            # whether another cooperative takes it is known only after re-routing
            "expired": _("GIE order %(code)s expired without answer: do not prepare it."),
            "cancelled": _("GIE order %(code)s is cancelled: do not prepare it."),
            "lowered": _("GIE order %(code)s is lowered. Left to deliver: %(summary)s."),
            "lowered_delivered": _("GIE order %(code)s is lowered: nothing more to deliver."),
            # her answer to an order closed before it came (see _coop_sms_closed_kind)
            "closed_accepted": _(
                "GIE order %(code)s was already accepted: your new answer is not applied."
            ),
            "closed_refused": _(
                "GIE order %(code)s was already refused: your new answer is not applied."
            ),
            "closed_expired": _(
                "GIE order %(code)s expired before your answer: your answer is not applied."
            ),
            "closed_cancelled": _("GIE order %(code)s is cancelled: your answer is not applied."),
            # her answer came while her cooperative may not sell (see _coop_sms_not_applied)
            "not_eligible": _(
                "GIE order %(code)s: your cooperative may not sell for the GIE at the moment, "
                "your answer is not applied. Please call the GIE."
            ),
            # her answer came while the order was being answered, and still was after a
            # wait (see _coop_lock): nothing is wrong, she sends it again
            "busy": _(
                "GIE order %(code)s is being answered right now: your answer is not applied. "
                "Send it again in a few minutes."
            ),
            # her answer failed for a cause of ours (see _coop_sms_not_applied)
            "not_recorded": _(
                "GIE order %(code)s: your answer could not be recorded now, nothing is "
                "changed. The central will call you."
            ),
            "multi_line": _(
                "GIE order %(code)s has several products (%(summary)s): reply OK %(code)s to "
                "accept all of it, or accept part of it in the app."
            ),
            "bad_quantity": _(
                "GIE order %(code)s: the quantity you accept must be between 0 and the "
                "quantity ordered (%(summary)s). Reply OK %(code)s and the quantity alone, "
                "e.g. OK %(code)s %(ordered)s."
            ),
            "not_whole": _(
                "GIE order %(code)s: the quantity you accept must be a whole number of "
                "%(step)s (%(summary)s). Reply OK %(code)s and the quantity alone, "
                "e.g. OK %(code)s %(ordered)s."
            ),
            # her answer holds words or numbers we would have to guess (see core.sms)
            "unclear": _(
                "GIE order %(code)s: your answer is not clear, nothing is changed. Reply "
                "OK %(code)s to accept all of it (%(summary)s), OK %(code)s and the quantity "
                "alone to accept part of it, e.g. OK %(code)s %(part)s, or NON %(code)s to "
                "refuse it."
            ),
            # the same, for an order of one unit: no part of it to give as an example
            "unclear_whole": _(
                "GIE order %(code)s: your answer is not clear, nothing is changed. Reply "
                "OK %(code)s to accept it (%(summary)s) or NON %(code)s to refuse it."
            ),
            "unclear_multi_line": _(
                "GIE order %(code)s: your answer is not clear, nothing is changed. Reply "
                "OK %(code)s to accept all of it (%(summary)s) or NON %(code)s to refuse it; "
                "accept part of it in the app."
            ),
        }
        lines = self.order_line.filtered(lambda ln: not ln.display_type)
        if kind == "unclear" and len(lines) > 1:
            kind = "unclear_multi_line"  # a part of several products is accepted in the app
        # an answer she can send as it is (a bad quantity is answered on one-line orders)
        Allocation = po.env["coop.allocation"]
        values["ordered"] = Allocation._coop_qty_text(lines[:1].product_qty, lines[:1].product_uom)
        values["step"] = Allocation._coop_step_text(lines[:1].product_uom)
        # an example of a part she may accept: half of it, in whole units (at least one)
        unit = max(lines[:1].product_uom.rounding, 1)
        part = max(unit, float_round(lines[:1].product_qty / 2, precision_rounding=unit))
        values["part"] = Allocation._coop_qty_text(part, lines[:1].product_uom)
        if kind == "unclear" and lines[:1].product_qty <= part:
            kind = "unclear_whole"  # one unit: accepting part of it is refusing it
        # a lowered order lists what she has left to deliver (or to ship to the customer),
        # never what she already brought
        left = kind == "lowered"
        quantities = [
            (line, line.product_qty - line.qty_received if left else line.product_qty)
            for line in lines
        ]
        summary = [
            f"{line.product_id.with_context(lang=lang).name} "
            f"{Allocation._coop_qty_text(qty, line.product_uom)} "
            f"{line.product_uom.with_context(lang=lang)._coop_name_after(qty)}"
            for line, qty in quantities
            if float_compare(qty, 0.0, precision_rounding=line.product_uom.rounding) > 0
        ]
        if left and not summary:
            kind = "lowered_delivered"

        def more(hidden, shown):
            # products left out of the summary, never half a name of theirs
            if shown:
                if hidden == 1:
                    return _("+1 other product")
                return _("+%(count)s other products", count=hidden)
            return _("1 product") if hidden == 1 else _("%(count)s products", count=hidden)

        # products listed as her language writes a list
        join = po.env["res.partner"]._coop_join_list
        return smscore.build_message(templates[kind], values, summary, more, parts=3, join=join)

    def _coop_send_sms(self, kind, writer=None):
        """Queue an SMS to each order's cooperative (sent by the SMS queue cron), each
        recipient in her language: one post per order and language. ``writer``: the partner
        whose SMS this one answers (e.g. why her answer is not applied): to her alone."""
        message_ids = []
        no_number = self.browse()
        for po in self:
            groups = po._coop_recipients_by_lang(writer)
            if not groups:
                no_number |= po
                continue
            for lang, numbers in groups.items():
                po_sudo = po.sudo().with_context(  # sudo: the engine notifies, whoever triggered it
                    # as Odoo's procurement, which makes purchase orders as superuser: whoever
                    # confirmed the sale does not become a follower of every cooperative order
                    mail_create_nosubscribe=True
                )
                message = po_sudo._message_sms(
                    po._coop_sms_body(kind, lang),
                    partner_ids=list(numbers),
                    sms_pid_to_number=numbers,
                    put_in_queue=True,
                    # she is told even when she is the author: her own answer is confirmed
                    notify_author=True,
                )
                message_ids.append(message.id)
        if no_number:
            # one batch of internal notes (nobody to notify) instead of a post per order,
            # for central staff
            Allocation = self.env["coop.allocation"]
            bodies = {
                po.id: Allocation._coop_staff_env(po.company_id)._(
                    "No mobile number for this cooperative: no SMS sent."
                )
                for po in no_number
            }
            no_number._message_log_batch(bodies=bodies, message_type="comment")
        if message_ids:
            # what each SMS is, for its retries (see sms.sms)
            self.env["sms.sms"].sudo().search(  # sudo: the engine's own queued SMS
                [("mail_message_id", "in", message_ids)]
            ).coop_kind = kind
            self._coop_wake_sms_queue()

    @api.model
    def _coop_wake_sms_queue(self):
        """Have the SMS queue send what was queued, now."""
        cron = self.env.ref("sms.ir_cron_sms_scheduler_action")
        cron.sudo()._trigger()  # sudo: wake the SMS queue; it sends only what was queued

    # ------------------------------------------------------------------
    # The cooperative's answer
    # ------------------------------------------------------------------

    def _coop_check_answerer(self):
        """Only central staff or the manager of the order's cooperative may answer."""
        user = self.env.user
        if (
            self.env.su
            or user.has_group("coop_gie.group_gie_user")
            or user.has_group("purchase.group_purchase_user")
        ):
            return
        self.check_access("read")
        for po in self:
            if not user.coop_id or po.partner_id.commercial_partner_id != user.coop_id:
                raise AccessError(self.env._("You can only answer your own cooperative's orders."))

    def _coop_lock(self, wait=False):
        """Lock the orders' rows, failing at once if another transaction answers them, or
        (``wait``: an SMS answer) if it still does after ``SMS_LOCK_WAIT`` seconds. When
        the other transaction changed an order meanwhile, its end raises a serialization
        failure: the request is tried again (``odoo.service.model.retrying``), reading what
        the other one did."""
        cr = self.env.cr
        try:
            with cr.savepoint():
                if wait:
                    cr.execute(SQL("SHOW lock_timeout"))
                    [previous] = cr.fetchone()
                    cr.execute(
                        SQL("SELECT set_config('lock_timeout', %s, true)", f"{SMS_LOCK_WAIT}s")
                    )
                cr.execute(
                    SQL(
                        "SELECT id FROM purchase_order WHERE id IN %s FOR UPDATE%s",
                        tuple(self.ids),
                        SQL("") if wait else SQL(" NOWAIT"),
                    ),
                    log_exceptions=False,
                )
                if wait:  # for this lock only (undone with the savepoint if it fails)
                    cr.execute(SQL("SELECT set_config('lock_timeout', %s, true)", previous))
        except psycopg2.errors.LockNotAvailable:
            raise OrderBeingAnswered(
                self.env._("Someone else is answering this order right now. Try again in a moment.")
            ) from None
        self.invalidate_recordset()

    def _coop_answer(
        self, action, channel, quantities=None, reason=None, date=None, reason_code=None
    ):
        """Apply the cooperative's answer once. Returns False if already answered.

        :param action: ``accept``, ``partial`` (``quantities``: {po line id: qty}),
            ``refuse`` (``reason``; ``reason_code``: the allocations' explanation code of a
            refusal written by the engine, not typed), ``propose_date`` (``date``), ``expire``
        """
        self.ensure_one()
        self._coop_check_answerer()
        po = self.sudo()  # sudo: answerer checked just above
        po._coop_lock(wait=channel == "sms")
        if po.coop_answer_state not in OPEN_ANSWER_STATES or po.state not in ("draft", "sent"):
            return False
        if action == "propose_date" and po.coop_answer_state != "waiting":
            return False
        po._coop_check_cooperative_may_take(action, channel)
        now = fields.Datetime.now()
        author = po._coop_answer_author(channel)
        common = {"coop_answered_at": now, "coop_answer_channel": channel}
        allocations = po.coop_allocation_ids.filtered(lambda a: a.state == "waiting")
        _ = self.env._
        # notes for central staff, in their language, whoever answers (a
        # cooperative manager in the app or by SMS, the deadline job)
        staff_env = po.env["coop.allocation"]._coop_staff_env(po.company_id)
        if action == "partial":
            po._coop_check_accepted(quantities or {})
            lines = po.order_line.filtered(lambda ln: not ln.display_type)
            if all(
                float_is_zero(
                    (quantities or {}).get(ln.id, ln.product_qty),
                    precision_rounding=ln.product_uom.rounding,
                )
                for ln in lines
            ):
                # accepting none of it is a refusal: her order keeps what she was asked
                return po._coop_refuse(
                    allocations, self.env["coop.allocation"], reason, common, author
                )
            ordered = {line: line.product_qty for line in po.order_line}
            closed = po._coop_apply_partial(quantities or {}, reason)
            if all(
                line.exists()  # a product she accepts none of leaves her order
                and not float_compare(
                    line.product_qty, qty, precision_rounding=line.product_uom.rounding
                )
                for line, qty in ordered.items()
            ):
                action = "accept"  # every line accepted in full
        if action == "accept":
            po.write(dict(common, coop_answer_state="accepted"))
            po.button_confirm()
            allocations.write({"state": "accepted", "answered_at": now})
            po.message_post(
                body=staff_env._("Accepted by %(who)s.", who=author), subtype_xmlid="mail.mt_note"
            )
            po._coop_send_sms("accepted")
        elif action == "partial":
            po.write(dict(common, coop_answer_state="partial"))
            po.button_confirm()
            (allocations - closed).filtered(lambda a: a.state == "waiting").write(
                {"state": "accepted", "answered_at": now}
            )
            po.message_post(
                body=staff_env._(
                    "Partly accepted by %(who)s. %(reason)s", who=author, reason=reason or ""
                ),
                subtype_xmlid="mail.mt_note",
            )
            po._coop_send_sms("accepted")
            po.env["coop.allocation"]._coop_reroute_lines(closed.sale_line_id)
        elif action == "refuse":
            po._coop_refuse(
                allocations, self.env["coop.allocation"], reason, common, author, reason_code
            )
        elif action == "expire":
            po.write(dict(common, coop_answer_state="expired"))
            po._coop_cancel_keep_chain()
            allocations._coop_mark("expired", alloc_codes.note(alloc_codes.EXPIRED))
            po.message_post(
                body=staff_env._(
                    "No answer before the deadline: the quantity goes back to routing."
                ),
                subtype_xmlid="mail.mt_note",
            )
            po._coop_send_sms("expired")
            po.env["coop.allocation"]._coop_reroute_lines(allocations.sale_line_id)
        elif action == "propose_date":
            if not date:
                raise UserError(_("Give the date you can deliver."))
            if date < now:
                raise UserError(
                    _(
                        "The date you propose (%(date)s) is already past: give a date to come.",
                        date=self.env["coop.allocation"]._coop_datetime_text(
                            date, self.env.user._coop_tz()
                        ),
                    )
                )
            po.write(
                {
                    "coop_answer_state": "date_proposed",
                    "coop_proposed_date": date,
                    "coop_answered_at": now,
                    "coop_answer_channel": channel,
                }
            )
            po.message_post(
                body=staff_env._(
                    "%(who)s proposes to deliver on %(date)s.",
                    who=author,
                    # in the hours of her who proposes it: as she typed it
                    date=staff_env["coop.allocation"]._coop_datetime_text(
                        date, self.env.user._coop_tz()
                    ),
                ),
                subtype_xmlid="mail.mt_note",
            )
            staff = po._coop_staff_user()
            # in the language of the staff who answers it, not of the cooperative
            po_staff = po.with_context(lang=staff.lang, mail_activity_quick_update=True)
            po_staff.activity_schedule(
                DATE_PROPOSED,
                user_id=staff.id,
                note=po_staff.env._(
                    "The cooperative can deliver on %(date)s. Accept this date, or refuse it "
                    "to route the order to another cooperative.",
                    date=po_staff.env["coop.allocation"]._coop_datetime_text(
                        date, staff._coop_tz()
                    ),
                ),
            )
        else:
            raise UserError(_("Unknown answer."))
        if action != "propose_date":
            po._coop_close_waiting(_lt("The order no longer waits for her answer."))
        return True

    def _coop_answer_author(self, channel):
        """Who answered this order, as staff read it in its chatter: the user, but from
        the cooperative's side (``channel`` app or SMS), her manager when known, else the
        cooperative (an SMS from her own number runs as the public user)."""
        self.ensure_one()
        user = self.env.user
        coop = self.partner_id.commercial_partner_id
        if channel in COOP_CHANNELS and user.coop_id != coop:
            return coop.display_name
        return user.display_name

    def _coop_cancel_keep_chain(self):
        """Cancel these orders but keep the customer moves waiting on order (MTO): their
        quantity is re-routed to other cooperatives (standard cancel turns them MTS)."""
        self.order_line._coop_keep_waiting_on_order(self.button_cancel)

    def _coop_check_cooperative_may_take(self, action, channel):
        """A cooperative no longer eligible to sell (membership suspended or ended, a
        mandatory certification lapsed, archived) may still refuse her order (it goes back
        to routing), not accept it, nor propose a date: staff decide for her."""
        self.ensure_one()
        coop = self.partner_id.commercial_partner_id
        if (
            channel not in COOP_CHANNELS
            or action == "refuse"
            or (coop.active and coop.coop_eligible)
        ):
            return
        raise CooperativeNotEligible(
            self.env._(
                "%(coop)s may not sell for the GIE at the moment (%(why)s): order %(order)s "
                "can only be refused. Please call the GIE.",
                coop=coop.display_name,
                why=coop.coop_ineligible_reason or self.env._("archived"),
                order=self.name,
            )
        )

    def _coop_sms_not_applied(self, error, writer):
        """Tell her by SMS (to ``writer`` alone) that her SMS answer to this order, which
        raised ``error``, is not applied: why, when it is hers to know (her cooperative may
        not sell); else (e.g. its re-routing failed) that the central will call her, and
        staff get an activity to do so, lest she believe her answer taken."""
        if isinstance(error, CooperativeNotEligible):
            self._coop_send_sms("not_eligible", writer=writer)
            return
        self._coop_send_sms("not_recorded", writer=writer)
        self._coop_report_failure(
            NOT_RECORDED,
            _lt(
                "The cooperative answered this order by SMS, but her answer could not be "
                "recorded (%(error)s); she was told the central will call her. Call her, and "
                "record her answer once the cause is fixed; the Inbound SMS list has what she "
                "sent.",
                error=error_text(error),
            ),
        )

    def _coop_refuse(self, allocations, closed, reason, common, author, reason_code=None):
        # for central staff, in their language (see _coop_answer)
        _ = self.env["coop.allocation"]._coop_staff_env(self.company_id)._
        self.write(dict(common, coop_answer_state="refused", coop_refusal_reason=reason))
        self._coop_cancel_keep_chain()
        # a code of the engine's own reason is written in the reader's language
        explanation = (
            alloc_codes.note(reason_code) if reason_code else alloc_codes.refusal_note(reason)
        )
        (allocations - closed).filtered(lambda a: a.state == "waiting")._coop_mark(
            "refused", explanation
        )
        self.message_post(
            body=_("Refused by %(who)s. %(reason)s", who=author, reason=reason or ""),
            subtype_xmlid="mail.mt_note",
        )
        self._coop_send_sms("refused")
        self.env["coop.allocation"]._coop_reroute_lines((allocations | closed).sale_line_id)
        return True

    def _coop_check_accepted(self, quantities):
        """Refuse accepted quantities ({po line id: qty}) beyond what was ordered, or that
        are not a whole number of their unit's steps (2.5 bottles): nothing is answered."""
        self.ensure_one()
        _ = self.env._
        Allocation = self.env["coop.allocation"]
        for line in self.order_line.filtered(lambda ln: ln.id in quantities):
            qty = quantities[line.id]
            rounding = line.product_uom.rounding
            product = line.product_id.display_name
            if (
                float_compare(qty, 0.0, precision_rounding=rounding) < 0
                or float_compare(qty, line.product_qty, precision_rounding=rounding) > 0
            ):
                raise UserError(
                    _(
                        "Accepted quantity of %(product)s must be between 0 and %(qty)s.",
                        product=product,
                        qty=Allocation._coop_qty_text(line.product_qty, line.product_uom),
                    )
                )
            Allocation._coop_check_whole_steps(
                qty, line.product_uom, _("Accepted quantity of %(product)s", product=product)
            )

    def _coop_apply_partial(self, quantities, reason):
        """Lower the lines to the accepted quantities (checked: ``_coop_check_accepted``);
        return the closed (refused) parts."""
        closed = self.env["coop.allocation"]
        partly = (
            alloc_codes.note(alloc_codes.PARTLY_ACCEPTED_BECAUSE, reason=reason)
            if reason
            else alloc_codes.note(alloc_codes.PARTLY_ACCEPTED)
        )
        # a product she accepts none of is refused, whatever she accepts of the others
        refused = alloc_codes.refusal_note(reason)
        lines = self.order_line.filtered(lambda ln: not ln.display_type)
        dropped = self.env["purchase.order.line"]
        for line in lines:
            if line.id not in quantities:
                continue
            qty = quantities[line.id]
            rounding = line.product_uom.rounding
            if float_compare(qty, line.product_qty, precision_rounding=rounding) == 0:
                continue
            none = float_is_zero(qty, precision_rounding=rounding)
            keep = line.product_uom._compute_quantity(qty, line.product_id.uom_id, round=False)
            for alloc in line.coop_allocation_ids.filtered(lambda a: a.state == "waiting"):
                own = min(alloc.qty, keep)
                keep -= own
                closed |= alloc._coop_split(own, "refused", refused if none else partly)
            line.product_qty = qty
            if none:
                dropped |= line
        if dropped:
            # her confirmed order lists what she delivers (accepting nothing at all is a
            # refusal, see _coop_answer); the customer keeps waiting on order for the
            # re-routed quantity
            dropped._coop_keep_waiting_on_order(dropped.unlink)
        return closed

    # user-facing buttons ------------------------------------------------

    def _coop_answer_or_raise(self, action, **kwargs):
        for po in self:
            if not po._coop_answer(action, **kwargs):
                raise UserError(
                    self.env._(
                        "Order %(name)s was already answered (%(state)s).",
                        name=po.name,
                        state=dict(
                            po._fields["coop_answer_state"]._description_selection(self.env)
                        ).get(po.coop_answer_state, po.state),
                    )
                )
        return True

    def _coop_dropship_slips(self):
        """The shipments of this order straight to the customer, for its cooperative to print
        the slip travelling with the goods: she reads no stock, so they are read here for
        her, after checking the order is hers."""
        self.ensure_one()
        self._coop_check_answerer()
        return self.sudo().picking_ids.filtered(  # sudo: her own order's shipments (checked)
            lambda p: p.picking_type_id.code == "dropship" and p.state != "cancel"
        )

    def action_coop_print_slip(self):
        self.ensure_one()
        if not self._coop_dropship_slips():
            raise UserError(
                self.env._("No shipment to the customer yet: accept the order to print its slip.")
            )
        return {
            "type": "ir.actions.act_url",
            "url": f"/coop_order_routing/dropship_slip/{self.id}",
            "target": "download",
        }

    def action_coop_accept(self):
        channel = "staff" if self.env.user.has_group("coop_gie.group_gie_user") else "mobile"
        return self._coop_answer_or_raise("accept", channel=channel)

    def action_coop_open_answer(self):
        self.ensure_one()
        self._coop_check_answerer()
        mode = self.env.context.get("coop_answer_mode", "partial")
        # made here, with her order's lines: on the phone each line opens as it is (no
        # "Save & New" of a line that is not hers)
        wizard = (
            self.env["coop.po.answer"]
            .with_context(default_purchase_id=self.id, default_mode=mode)
            .create({})
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Answer %(name)s", name=self.name),
            "res_model": "coop.po.answer",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def _coop_check_date_answerer(self):
        if not self.env.user.has_group("coop_gie.group_gie_user"):
            raise AccessError(self.env._("Only central staff answer a proposed date."))

    def action_coop_accept_proposed_date(self):
        self._coop_check_date_answerer()
        for po in self:
            if po.coop_answer_state != "date_proposed":
                raise UserError(self.env._("No date proposal to accept on %(name)s.", name=po.name))
            proposed_at = po.coop_answered_at
            po._coop_close_date_proposals(_lt("Proposed date accepted."))
            po.order_line.date_planned = po.coop_proposed_date
            po.write({"coop_answer_state": "waiting"})
            po._coop_answer_or_raise("accept", channel="staff")
            # she answered when she proposed the date (her answer delay), not when staff agreed
            accepted = po.sudo().coop_allocation_ids.filtered(  # sudo: routing's audit records
                lambda a: a.state == "accepted"
            )
            accepted.answered_at = po.coop_answered_at = proposed_at
        return True

    def action_coop_refuse_proposed_date(self):
        self._coop_check_date_answerer()
        for po in self:
            po._coop_close_date_proposals(_lt("Proposed date refused."))
            po._coop_answer_or_raise(
                "refuse",
                channel="staff",
                reason=self.env._("Proposed date not suitable."),
                reason_code=alloc_codes.PROPOSED_DATE_REFUSED,
            )
        return True

    # adjustments from the sales order -----------------------------------

    def _coop_reduce_line(self, allocation, qty, reason=None):
        """The central order needs ``qty`` less of ``allocation``: lower or drop its PO line
        and what its receipt expects. What the cooperative already delivered stays bought:
        the central order no longer needs it, the central stock keeps it. Returns the
        purchase order changed, if any, to tell the cooperative once (``_coop_lowered``).
        ``reason``: why the allocation gives up ``qty`` (an entry, see ``note``), the lowered
        sales order by default."""
        allocation = allocation.sudo()  # sudo: follows the central order's change
        line = allocation.purchase_line_id
        reason = reason or alloc_codes.note(alloc_codes.ORDER_LOWERED)
        if not line:
            allocation._coop_split(allocation.qty - qty, "cancelled", reason)
            return self.browse()
        uom = allocation.product_id.uom_id
        rounding = line.product_uom.rounding
        lower = uom._compute_quantity(qty, line.product_uom)
        # what she delivered beyond what the order still needs (at most what is lowered,
        # even when she delivered more than ordered)
        kept = min(max(line.qty_received - (line.product_qty - lower), 0.0), lower)
        new_qty = line.product_qty - lower + kept
        delivered = line.product_uom._compute_quantity(kept, uom)
        allocation._coop_split(allocation.qty - (qty - delivered), "cancelled", reason)
        if float_compare(delivered, 0.0, precision_rounding=uom.rounding) > 0:
            allocation._coop_split(
                allocation.qty - delivered,
                "cancelled",
                alloc_codes.note(alloc_codes.LOWERED_AFTER_DELIVERY),
                give_back=False,
            )
            allocation.order_id._coop_signal_surplus(allocation, delivered)
        if float_compare(new_qty, line.product_qty, precision_rounding=rounding) >= 0:
            return self.browse()
        po = line.order_id
        if po.state in ("draft", "sent") and float_is_zero(new_qty, precision_rounding=rounding):
            line._coop_keep_waiting_on_order(line.unlink)
        else:
            line._coop_lower_receipt(line.product_qty - new_qty)
            line.product_qty = new_qty
        # for central staff, in their language
        staff = allocation.with_env(allocation._coop_staff_env(allocation.company_id))
        po.message_post(
            body=staff.env._(
                "The central order changed: %(product)s lowered by %(qty)s %(uom)s.",
                product=staff.product_id.display_name,
                qty=staff._coop_qty_text(qty, uom),
                uom=uom.with_env(staff.env)._coop_name_after(qty),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return po

    def _coop_lowered(self):
        """Tell the cooperatives of these orders, which the central order lowered: an order
        left with nothing to deliver is cancelled, the others say what is left to deliver,
        once the sales order's save lowered all its lines (``sale.order.write``)."""
        lowered = self.browse()
        for po in self:
            lines = po.order_line.filtered(lambda ln: not ln.display_type)
            if all(
                float_is_zero(ln.product_qty, precision_rounding=ln.product_uom.rounding)
                and float_is_zero(ln.qty_received, precision_rounding=ln.product_uom.rounding)
                for ln in lines
            ):
                po._coop_cancel_orders()
            else:
                lowered |= po
        pending = self.env.context.get("coop_lowered_ids")
        if pending is None:
            lowered._coop_send_lowered()
        else:
            pending.update(lowered.ids)

    def _coop_send_lowered(self):
        """The "lowered" SMS of these orders, to those still open (a later line of the same
        save may have cancelled one)."""
        self.filtered(lambda po: po.coop_answer_state in LIVE_ANSWER_STATES)._coop_send_sms(
            "lowered"
        )

    def _coop_cancel_orders(self):
        notify = self.filtered(lambda po: po.coop_answer_state in LIVE_ANSWER_STATES)
        orders = self.sudo()  # sudo: follows the central order's cancellation
        orders.write({"coop_answer_state": "cancelled"})
        orders.button_cancel()
        notify._coop_send_sms("cancelled")

    def _coop_cancel_for_order(self, allocations):
        """The central order was cancelled: cancel its cooperative orders. One that received
        goods already keeps them, the rest cancelled, as when the central order is lowered
        to nothing (``_coop_reduce_line``: staff are told of the surplus): Odoo cannot
        cancel it."""
        allocations = allocations.sudo()  # sudo: the engine's audit records
        reason = alloc_codes.note(alloc_codes.ORDER_CANCELLED)
        received = allocations.purchase_id.filtered(
            lambda po: any(
                not float_is_zero(ln.qty_received, precision_rounding=ln.product_uom.rounding)
                for ln in po.order_line
            )
        )
        kept = allocations.filtered(lambda a: a.purchase_id in received)
        changed = self.browse()
        for allocation in kept:
            changed |= allocation.purchase_id._coop_reduce_line(allocation, allocation.qty, reason)
        changed._coop_lowered()
        (allocations - kept)._coop_mark("cancelled", reason)
        (self - received).filtered(lambda po: po.state != "cancel")._coop_cancel_orders()

    # her cooperative is no longer an active member ------------------------

    @api.model
    def _coop_take_back_from(self, coops, suspended=False):
        """``coops`` are no longer active members of the GIE (``suspended``, else they
        left it): their orders still waiting for their answer, or not sent yet, are taken
        back from them (``_coop_take_back``). The orders they accepted stay, their goods
        are coming: the staff following each one still to be delivered decide."""
        orders = self.sudo()  # sudo: the engine follows the GIE's decision, whoever made it
        # routing orders a cooperative itself (its vendor lines): no contact of hers
        domain = [("partner_id", "in", coops.ids), ("coop_sale_order_id", "!=", False)]
        orders.search(
            [
                *domain,
                ("state", "in", ("draft", "sent")),
                ("coop_answer_state", "in", [*OPEN_ANSWER_STATES, False]),
            ],
            order="id",
        )._coop_take_back(suspended)
        accepted = orders.search(
            [
                *domain,
                ("state", "=", "purchase"),
                ("coop_answer_state", "in", ("accepted", "partial")),
            ],
            order="id",
        )

        def decide(po):
            _ = po.env._
            if suspended:
                return _("Cooperative suspended"), _(
                    "The GIE membership of the cooperative is suspended; she had accepted this "
                    "order, still to be delivered: decide whether to keep it."
                )
            return _("Cooperative left the GIE"), _(
                "The cooperative left the GIE after accepting this order, still to be "
                "delivered: decide whether to keep it."
            )

        accepted.filtered(
            lambda po: any(
                line._coop_to_deliver()
                for line in po.order_line.filtered(lambda ln: not ln.display_type)
            )
        )._coop_ask_staff_to_decide(decide)

    def _coop_take_back(self, suspended=False):
        """Take these orders, waiting for their cooperative's answer or not sent yet, back
        from her, who is no longer an active member (``suspended``, else she left the GIE),
        in one batch (``_coop_take_back_lines``): every one is cancelled."""
        reason = alloc_codes.note(
            alloc_codes.COOP_SUSPENDED if suspended else alloc_codes.COOP_LEFT
        )

        def why(po, _lines, _whole):
            _ = po.env._
            if suspended:
                return _(
                    "The GIE membership of the cooperative is suspended: this order, which she "
                    "had not accepted yet, is cancelled and its quantity goes back to routing."
                )
            return _(
                "The cooperative left the GIE: this order, which she had not accepted yet, "
                "is cancelled and its quantity goes back to routing."
            )

        self._coop_take_back_lines(self.order_line, lambda _line: reason, why)

    def _coop_take_back_lines(self, lines, reason_of, why):
        """Take ``lines`` of these orders, waiting for their cooperative's answer or not sent
        yet, back from her, in one batch. An order left with none of its products is
        cancelled (she is told by SMS not to prepare those she was sent); the others lose
        those lines (she is told by SMS what is left to deliver). Their allocations are
        cancelled with the reason ``reason_of(line)`` (an entry, see ``note``): not
        refused, it is not her decision, routing analysis does not count it, and she may be
        routed the line again once she may take it. Staff read ``why(po, lines, whole)`` in
        each order's chatter (``po`` and the ``lines`` taken from it in their language;
        ``whole`` when it is cancelled), and the quantities go back to routing, to the
        cooperatives that may take them."""
        if not self:
            return
        self._coop_lock()
        orders = self.filtered(
            lambda po: (
                po.state in ("draft", "sent")
                and po.coop_answer_state in (*OPEN_ANSWER_STATES, False)
            )
        )
        taken = lines.filtered(lambda ln: ln.order_id in orders and not ln.display_type)
        of_order = taken.grouped("order_id")
        whole = orders.filtered(
            lambda po: (
                not (
                    po.order_line.filtered(lambda ln: not ln.display_type)
                    - of_order.get(po, taken.browse())
                )
            )
        )
        lowered = orders.filtered(lambda po: po in of_order) - whole
        dropped = taken.filtered(lambda ln: ln.order_id in lowered)
        sent = orders.filtered(lambda po: po.coop_answer_state in OPEN_ANSWER_STATES)
        allocations = (whole.coop_allocation_ids | dropped.coop_allocation_ids).filtered(
            lambda a: a.state == "waiting"
        )
        Allocation = self.env["coop.allocation"]
        notes = {}
        for po in whole | lowered:
            # for central staff, in their language, said before the lines go
            staff_po = po.with_env(Allocation._coop_staff_env(po.company_id))
            lines_taken = of_order.get(po, taken.browse()).with_env(staff_po.env)
            notes[po] = why(staff_po, lines_taken, po in whole)
        whole.write({"coop_answer_state": "cancelled"})
        whole._coop_cancel_keep_chain()
        for allocation in allocations:
            allocation._coop_mark(
                "cancelled", reason_of(allocation.purchase_line_id), give_back=False
            )
        allocations._coop_give_back_supply()
        # the customer keeps waiting on order for what goes back to routing
        dropped._coop_keep_waiting_on_order(dropped.unlink)
        for po, body in notes.items():
            po.message_post(body=body, subtype_xmlid="mail.mt_note")
        (whole & sent)._coop_send_sms("cancelled")
        (lowered & sent)._coop_send_sms("lowered")
        try:
            Allocation._coop_reroute_lines(allocations.sale_line_id)
        except UserError as error:
            # all of the GIE's decision or nothing, but said in its terms, not procurement's
            join = self.env["res.partner"]._coop_join_list
            raise UserError(
                self.env._(
                    "The orders waiting for the answer of %(coop)s could not go back to "
                    "routing (%(orders)s; products: %(products)s): %(error)s\n"
                    "Fix the routes of the product, or answer or cancel those orders, then "
                    "decide again.",
                    coop=join(orders.partner_id.commercial_partner_id.mapped("display_name")),
                    orders=join((whole | lowered).mapped("name")),
                    products=join(allocations.sale_line_id.product_id.mapped("display_name")),
                    error=error_text(error),
                )
            ) from error

    def _coop_ask_staff_to_decide(self, why):
        """A to-do, on each of these orders its cooperative accepted, still to be
        delivered, for the staff following it: keep it, or not. ``why(po)`` gives its
        summary and note, ``po`` in the language of the staff who decides."""
        for po in self:
            staff = po._coop_staff_user()
            po_staff = po.with_context(lang=staff.lang, mail_activity_quick_update=True)
            summary, note = why(po_staff)
            po_staff.activity_schedule(
                "mail.mail_activity_data_todo", user_id=staff.id, summary=summary, note=note
            )

    # a certification of her cooperative lapsed, or her product requires a new one -----

    @api.model
    def _coop_take_back_uncertified(self, coverage):
        """Certifications of the cooperatives of ``coverage`` ({cooperative: certification
        types}) stopped covering what they covered (see
        ``res.partner._coop_certifications_lapsed``): the lines of her orders whose product
        requires one of those types she no longer holds valid today are taken back from her,
        or their staff decide (``_coop_take_back_lacking``)."""
        coops = self.env["res.partner"].concat(*coverage)
        types = self.env["coop.certification.type"].concat(*coverage.values())
        lapsed = {
            (coop.id, code) for coop, of_coop in coverage.items() for code in of_coop.mapped("code")
        }

        def why(po, lines, whole, certifications):
            _ = po.env._
            if whole:
                return _(
                    "The cooperative no longer holds a valid certification %(certifications)s: "
                    "this order, which she had not accepted yet, is cancelled and its quantity "
                    "goes back to routing.",
                    certifications=certifications,
                )
            return _(
                "The cooperative no longer holds a valid certification %(certifications)s: "
                "this order, which she had not accepted yet, no longer includes %(products)s, "
                "whose quantity goes back to routing.",
                certifications=certifications,
                products=", ".join(lines.product_id.mapped("display_name")),
            )

        def decide(po, lines, certifications):
            _ = po.env._
            return _("Certification lapsed: %(certifications)s", certifications=certifications), _(
                "The cooperative no longer holds a valid certification %(certifications)s, "
                "which %(products)s of this order requires; she had accepted it, still to be "
                "delivered: decide whether to keep it.",
                certifications=certifications,
                products=", ".join(lines.product_id.mapped("display_name")),
            )

        self._coop_take_back_lacking(
            [
                ("partner_id", "in", coops.ids),
                ("product_id.coop_required_certification_type_ids", "in", types.ids),
            ],
            lambda line, code: (line.partner_id.id, code) in lapsed,
            alloc_codes.CERT_LAPSED,
            why,
            decide,
        )

    @api.model
    def _coop_take_back_newly_required(self, added):
        """Products now require certifications they did not (``added``, {product template:
        the certification types it now requires}): the lines of them in the orders of the
        cooperatives that do not hold those valid today are taken back from them, or their
        staff decide, as when a certification lapses (``_coop_take_back_lacking``)."""
        templates = self.env["product.template"].concat(*added)
        required = {
            (tmpl.id, code) for tmpl, types in added.items() for code in types.mapped("code")
        }

        def why(po, lines, whole, certifications):
            _ = po.env._
            products = ", ".join(lines.product_id.mapped("display_name"))
            if whole:
                return _(
                    "%(products)s now requires a valid certification %(certifications)s, which "
                    "the cooperative does not hold: this order, which she had not accepted yet, "
                    "is cancelled and its quantity goes back to routing.",
                    products=products,
                    certifications=certifications,
                )
            return _(
                "%(products)s now requires a valid certification %(certifications)s, which "
                "the cooperative does not hold: this order, which she had not accepted yet, "
                "no longer includes it, and its quantity goes back to routing.",
                products=products,
                certifications=certifications,
            )

        def decide(po, lines, certifications):
            _ = po.env._
            return _(
                "Certification now required: %(certifications)s", certifications=certifications
            ), _(
                "%(products)s of this order now requires a valid certification "
                "%(certifications)s, which the cooperative does not hold; she had accepted it, "
                "still to be delivered: decide whether to keep it.",
                certifications=certifications,
                products=", ".join(lines.product_id.mapped("display_name")),
            )

        self._coop_take_back_lacking(
            [("product_id.product_tmpl_id", "in", templates.ids)],
            lambda line, code: (line.product_id.product_tmpl_id.id, code) in required,
            alloc_codes.CERT_REQUIRED,
            why,
            decide,
        )

    @api.model
    def _coop_take_back_lacking(self, domain, concerned, reason_code, why, decide):
        """The lines of cooperative orders in ``domain`` whose cooperative does not hold,
        valid today, a certification their product requires, of a type whose code is
        ``concerned(line, code)``. Such a line is taken back from her
        (``_coop_take_back_lines``, its allocation's reason the entry ``reason_code`` naming
        those certifications) if her order waits for her answer or is not sent yet; if she
        accepted it and it is still to be delivered, the staff following the order decide
        (her goods are coming). ``why(po, lines, whole, certifications)`` is the note on
        each order lines are taken from, ``decide(po, lines, certifications)`` the summary
        and note of the to-do on each order to decide (``certifications``: the names of
        those ``lines`` lack, in the language of ``po``)."""
        Line = self.env["purchase.order.line"].sudo()  # sudo: the engine follows the register
        # routing orders a cooperative itself (its vendor lines): no contact of hers
        lines = Line.search(
            [
                *domain,
                ("order_id.coop_sale_order_id", "!=", False),
                ("display_type", "=", False),
                "|",
                "&",
                ("state", "in", ("draft", "sent")),
                ("order_id.coop_answer_state", "in", [*OPEN_ANSWER_STATES, False]),
                "&",
                ("state", "=", "purchase"),
                ("order_id.coop_answer_state", "in", ("accepted", "partial")),
            ],
            order="order_id, id",
        )
        if not lines:
            return
        Allocation = self.env["coop.allocation"]
        held = Allocation._coop_valid_certs(lines.partner_id, fields.Date.context_today(self))
        missing = {}
        for line in lines:
            tmpl = line.product_id.product_tmpl_id
            codes = [
                code
                for code in allocator.missing_certifications(
                    tmpl.coop_required_certification_type_ids.mapped("code"),
                    Allocation._coop_valid_cert_codes(held[line.partner_id.id], tmpl),
                )
                if concerned(line, code)
            ]
            if codes:
                missing[line] = codes
        uncertified = Line.concat(*missing)
        cert_types = (
            self.env["coop.certification.type"]
            .with_context(active_test=False)
            .search([("code", "in", list({code for codes in missing.values() for code in codes}))])
        )

        def certifications(env, lines):
            """The names of the certifications ``lines`` lack, in ``env``'s language."""
            by_code = {cert_type.code: cert_type.name for cert_type in cert_types.with_env(env)}
            codes = sorted({code for line in lines for code in missing[line]})
            return ", ".join(by_code.get(code, code) for code in codes)

        waiting = uncertified.filtered(lambda ln: ln.state in ("draft", "sent"))
        waiting.order_id._coop_take_back_lines(
            waiting,
            lambda line: alloc_codes.note(reason_code, codes=missing[line]),
            lambda po, lines, whole: why(po, lines, whole, certifications(po.env, lines)),
        )
        to_decide = (uncertified - waiting).filtered(lambda ln: ln._coop_to_deliver())
        of_order = to_decide.grouped("order_id")

        def decide_order(po):
            lines = of_order[po].with_env(po.env)
            return decide(po, lines, certifications(po.env, lines))

        to_decide.order_id._coop_ask_staff_to_decide(decide_order)

    # scheduled actions --------------------------------------------------

    @api.model
    def _cron_coop_deadlines(self):
        """Remind before the deadline, expire and re-route at it. An order that cannot expire
        keeps waiting, tried again at every run; staff are shown why."""
        params = self.env["ir.config_parameter"].sudo()  # sudo: reading the routing settings
        reminder_hours = int(params.get_param("coop_order_routing.reminder_hours", 4))
        now = fields.Datetime.now()
        waiting = self.search(
            [("coop_answer_state", "=", "waiting"), ("state", "in", ("draft", "sent"))]
        )
        expired = waiting.filtered(lambda po: deadlines.expired(now, po.coop_answer_deadline))
        to_remind = (waiting - expired).filtered(
            lambda po: (
                po.coop_answer_deadline
                and deadlines.reminder_due(
                    now,
                    po.coop_sent_at,
                    po.coop_answer_deadline,
                    reminder_hours,
                    po.coop_reminder_sent,
                )
            )
        )
        to_remind._coop_send_sms("reminder")
        to_remind.write({"coop_reminder_sent": True})
        for po in expired:
            # all of it or nothing: an expiry whose re-routing fails leaves her order waiting
            error = po._coop_try(po._coop_answer, "expire", "cron")
            if not error:
                continue
            if isinstance(error, OrderBeingAnswered):  # her answer, or the next run, ends it
                _logger.info("Order %s not expired now, being answered: %s", po.name, error)
                continue
            # a lasting failure (e.g. no route to re-route it): tried again at every run
            if isinstance(error, UserError):
                _logger.warning("Order %s not expired now, tried again later: %s", po.name, error)
            else:
                _logger.error("Order %s could not expire", po.name, exc_info=error)
            po._coop_report_failure(
                NOT_EXPIRED,
                _lt(
                    "The answer deadline of this order has passed, but it could not expire: "
                    "its quantity did not go back to routing (%(error)s). It is tried again at "
                    "every run of the deadline job (reminders and expired answers); the server "
                    "log has the details.",
                    error=error_text(error),
                ),
            )

    # inbound SMS ------------------------------------------------------------

    def _coop_sms_quantities(self, reply):
        """Quantities of her SMS answer ``reply`` (``core.sms.Reply``) to this order:
        ``(error kind, None)`` when it cannot be applied (the kind of the SMS asking her
        again: an unclear answer, a part of several products, a quantity out of range),
        ``(None, None)`` for the whole order, ``(None, {line id: qty})`` for a part
        (``OK <code> <qty>``). A quantity written after a sign (``-3``) is out of range; a
        part of the unit's steps (2.5 bottles) is not whole."""
        self.ensure_one()
        if reply.unclear:
            return "unclear", None
        if reply.qty is None:
            return None, None
        lines = self.order_line.filtered(lambda ln: not ln.display_type)
        if len(lines) != 1:
            return "multi_line", None
        rounding = lines.product_uom.rounding
        qty = reply.qty
        if (
            reply.qty_signed
            or float_compare(qty, lines.product_qty, precision_rounding=rounding) > 0
        ):
            return "bad_quantity", None
        if not is_whole_steps(qty, self.env["coop.allocation"]._coop_step(lines.product_uom)):
            return "not_whole", None
        if float_compare(qty, lines.product_qty, precision_rounding=rounding) == 0:
            return None, None
        return None, {lines.id: qty}

    @api.model
    def _coop_sms_sender(self, number):
        """:class:`SmsSender` (cooperative, manager user, partner who wrote: the manager or
        the cooperative) whose registered mobile is ``number``; else, if it is archived with
        a cooperative that left the GIE (her manager's, or hers), hers (a number registered
        anew is its new owner's); else empties."""
        wanted = self._coop_normalise_number(number)
        nobody = SmsSender(self.env["res.partner"], self.env["res.users"], self.env["res.partner"])
        if not wanted:  # e.g. an alphanumeric sender id: it is nobody's registered number
            return nobody
        return (
            next((sender for found, sender in self._coop_sms_senders() if found == wanted), None)
            or next(
                (
                    sender
                    for found, sender in self._coop_sms_senders(archived=True)
                    if found == wanted and sender.coop._coop_has_left()
                ),
                None,
            )
            or nobody
        )

    @api.model
    def _coop_sms_senders(self, archived=False):
        """``(number, SmsSender)`` of every registered mobile an answer may come from, in the
        order they are matched (see ``_coop_normalise_number``): each cooperative manager's
        own, then each cooperative's (its first manager answers for it, if it has one).
        ``archived``: those of archived managers and cooperatives instead (a cooperative
        leaving the GIE has her managers' logins archived, or is archived herself)."""
        active = ("active", "=", not archived)
        users = (
            self.env["res.users"]
            .sudo()  # sudo: only registered numbers are compared
            .search([("coop_id", "!=", False), active])
        )
        coops = (
            self.env["res.partner"]
            .sudo()  # sudo: as above
            .search([("is_cooperative", "=", True), ("mobile", "!=", False), active])
        )
        return [
            *(
                (number, SmsSender(user.coop_id, user, user.partner_id))
                for user in users
                if (number := self._coop_normalise_number(user.partner_id.mobile))
            ),
            *(
                (number, SmsSender(coop, coop.coop_manager_ids[:1], coop))
                for coop in coops
                if (number := self._coop_normalise_number(coop.mobile))
            ),
        ]

    @api.model
    def _coop_normalise_number(self, number):
        """E.164 form of ``number`` (Moroccan numbers may come in local form)."""
        if not number:
            return ""
        formatted = phone_validation.phone_format(
            number, "MA", "212", force_format="E164", raise_exception=False
        )
        return "".join(ch for ch in formatted or number if ch.isdigit())

    def _coop_sms_closed_kind(self):
        """The SMS telling her this order was closed (answered, expired, cancelled, or
        confirmed by staff) before her answer came."""
        self.ensure_one()
        if self.coop_answer_state in ("refused", "expired"):
            return f"closed_{self.coop_answer_state}"
        return "closed_cancelled" if self.state == "cancel" else "closed_accepted"

    @api.model
    def _coop_sms_find_order(self, coop, code):
        # every order sent to her, closed ones too: her answer to one is recorded and she is
        # told it comes too late
        domain = [
            ("partner_id.commercial_partner_id", "=", coop.id),
            ("coop_answer_state", "!=", False),
        ]
        if code:
            orders = self.sudo().search(  # sudo: sender identified; her orders only
                [*domain, ("coop_sms_code", "=", code)], order="id desc", limit=1
            )
            return orders
        waiting = self._coop_sms_waiting(coop)
        return waiting if len(waiting) == 1 else self.browse()

    @api.model
    def _coop_sms_waiting(self, coop):
        """The orders of cooperative ``coop`` waiting for her answer, the first due first."""
        return self.sudo().search(  # sudo: sender identified; her cooperative's orders only
            [
                ("partner_id.commercial_partner_id", "=", coop.id),
                ("coop_answer_state", "in", OPEN_ANSWER_STATES),
            ],
            order="coop_answer_deadline, id",
        )

    @api.model
    def _coop_send_sms_help(self, sender):
        """Tell ``sender`` (:class:`SmsSender`) her SMS is not understood, nothing changed,
        and how to answer, with the codes of her orders waiting for an answer."""
        lang = self._coop_sms_lang(sender.writer, sender.coop, self.env.company)
        self._coop_sms_to_sender(
            sender, self._coop_sms_help_body(self._coop_sms_waiting(sender.coop), lang)
        )

    @api.model
    def _coop_send_sms_not_member(self, sender):
        """Tell ``sender`` (:class:`SmsSender`), whose cooperative left the GIE, in her
        language, that her SMS is not taken and to call the central."""
        lang = self._coop_sms_lang(sender.writer, sender.coop, self.env.company)
        self._coop_sms_to_sender(
            sender,
            self.with_context(lang=lang).env._(
                "GIE: your cooperative is no longer an active member of the GIE, your SMS is "
                "not taken and nothing is changed. Please call the central."
            ),
        )

    @api.model
    def _coop_sms_to_sender(self, sender, body):
        """Queue the SMS ``body`` to ``sender`` (:class:`SmsSender`) alone, posted on her
        cooperative (it is about no order)."""
        writer = sender.writer
        # an archived partner (a cooperative that left the GIE) is not notified: her number is
        recipients = (
            {"partner_ids": writer.ids, "sms_pid_to_number": {writer.id: writer.mobile}}
            if writer.active
            else {"sms_numbers": [writer.mobile]}
        )
        coop = sender.coop.sudo()  # sudo: the platform answers her, whoever runs the webhook
        coop.with_context(mail_create_nosubscribe=True)._message_sms(
            body, put_in_queue=True, notify_author=True, **recipients
        )
        self._coop_wake_sms_queue()

    @api.model
    def _coop_sms_help_body(self, waiting, lang):
        """Text of the SMS telling her, in ``lang``, that her SMS is not understood and how
        to answer the ``waiting`` orders (as many of their codes as fit)."""
        _ = self.with_context(lang=lang).env._
        codes = waiting.mapped("coop_sms_code")
        if not codes:
            template = _(
                "GIE: your SMS is not understood, nothing is changed. No GIE order waits for "
                "your answer."
            )
        elif len(codes) == 1:
            template = _(
                "GIE: your SMS is not understood, nothing is changed. Reply OK %(code)s to "
                "accept GIE order %(code)s or NON %(code)s to refuse it."
            )
        else:
            template = _(
                "GIE: your SMS is not understood, nothing is changed. Reply OK or NON and the "
                "code of the order, e.g. OK %(code)s or NON %(code)s. Orders waiting for your "
                "answer: %(summary)s."
            )

        def more(hidden, shown):
            # codes left out of the list
            if shown:
                if hidden == 1:
                    return _("+1 other order")
                return _("+%(count)s other orders", count=hidden)
            return _("%(count)s orders", count=hidden)

        join = self.with_context(lang=lang).env["res.partner"]._coop_join_list
        return smscore.build_message(
            template, {"code": codes[0] if codes else ""}, codes, more, parts=3, join=join
        )
