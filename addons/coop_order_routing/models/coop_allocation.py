import logging
from collections import defaultdict, namedtuple
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, float_compare, float_is_zero, format_datetime
from odoo.tools.misc import babel_locale_parse, get_lang, posix_to_ldml

from ..core import allocator
from ..core.quantity import is_whole_steps, qty_text
from .coop_routing_policy import balancing_days

_logger = logging.getLogger(__name__)

ACTIVE_STATES = ("waiting", "accepted")
# days over which routing counts what a cooperative was routed against her weekly capacity
WEEK_DAYS = 7
# What routing reads of a vendor line and of a supply declaration, as plain values.
Seller = namedtuple("Seller", "id partner_id min_qty delay price")
Supply = namedtuple("Supply", "id qty_available weekly_capacity target_share")
STATE_SELECTION = [
    ("waiting", "Waiting for answer"),
    ("accepted", "Accepted"),
    ("refused", "Refused"),
    ("expired", "Expired"),
    ("cancelled", "Cancelled"),
]
POLICY_SELECTION = [
    (allocator.PRIORITY, "Priority"),
    (allocator.BALANCED, "Balanced"),
    (allocator.CAPACITY, "Capacity"),
]
# Codes of what happened to an allocation after routing (besides the allocator's decision
# codes): an explanation is stored as entries, codes and raw values, and written at read
# time in the reader's language (see CoopAllocation._coop_reason_renderer).
KEPT = "kept"
PARTLY_ACCEPTED = "partly_accepted"
PARTLY_ACCEPTED_BECAUSE = "partly_accepted_because"
REFUSED = "refused"
REFUSED_BECAUSE = "refused_because"
PROPOSED_DATE_REFUSED = "proposed_date_refused"
EXPIRED = "expired"
ORDER_CANCELLED = "order_cancelled"
ORDER_LOWERED = "order_lowered"
LOWERED_AFTER_DELIVERY = "lowered_after_delivery"
RETURNED = "returned"
# her order taken back: the cooperative left the GIE, or her membership is suspended
COOP_LEFT = "coop_left"
COOP_SUSPENDED = "coop_suspended"
# her order's product taken back: she no longer holds a valid certification it requires
CERT_LAPSED = "cert_lapsed"
# her order's product taken back: it now requires a certification she does not hold valid
CERT_REQUIRED = "cert_required"
# the allocator's "no capacity", told apart: her declared stock, or her week's capacity
NO_STOCK = "no_stock"
NO_WEEKLY_CAPACITY = "no_weekly_capacity"
# the allocator's "allocated" when the line is short and she was given all she can take
ALLOCATED_ALL_STOCK = "allocated_all_stock"
ALLOCATED_ALL_WEEK = "allocated_all_week"
# parameters of entries holding a quantity, written to the rounding of the entry's unit
QTY_PARAMS = ("qty", "limit", "min", "kept")


def note(code, **params):
    """An explanation entry: ``code`` (a template of ``_coop_reason_templates``) and the
    raw values filling it (quantities as floats with ``uom``, a unit id; text typed by a
    person as typed). Free text of no template is stored as ``{"text": ...}``."""
    return {"code": code, "params": params}


def done_in_their_language(activities, feedback):
    """Mark ``activities`` done with the lazy text ``feedback``, in the language of each
    one's assignee, who reads it, not of whoever acts (a job, a manager in Arabic)."""
    for user, done in activities.grouped("user_id").items():
        done = done.with_context(lang=user.lang)
        done.action_feedback(feedback=done.env._(feedback))


def refusal_note(reason):
    """The entry of a refusal, with her reason when she gave one."""
    return note(REFUSED_BECAUSE, reason=reason) if reason else note(REFUSED)


def eligibility_data(reasons):
    """coop_gie's reasons why a cooperative is not eligible (``(kind, data)``, data None, a
    code or ``(code, date)``) as JSON values, to write them again at read time."""
    return [
        [kind, [data[0], fields.Date.to_string(data[1])] if isinstance(data, tuple) else data]
        for kind, data in reasons
    ]


def eligibility_reasons(data):
    """The reasons ``eligibility_data`` stored, as coop_gie writes them."""
    return [
        (kind, (value[0], fields.Date.to_date(value[1])) if isinstance(value, list) else value)
        for kind, value in data
    ]


class CoopAllocation(models.Model):
    """Audit trail of routing: which cooperative was given how much of an order line, why,
    on which purchase order line, and what became of it. The order, product, category and
    company are those the engine routed, recorded with the allocation (as a stock move
    records its product): an audit record does not follow later edits of the product."""

    _name = "coop.allocation"
    _description = "Routing Allocation"
    _order = "id desc"
    _rec_name = "partner_id"

    sale_line_id = fields.Many2one(
        "sale.order.line", string="Order Line", required=True, index=True, ondelete="cascade"
    )
    order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        required=True,
        index=True,
        readonly=True,
        ondelete="cascade",
    )
    product_id = fields.Many2one("product.product", string="Product", required=True, readonly=True)
    product_tmpl_id = fields.Many2one(
        "product.template", string="Product Template", required=True, index=True, readonly=True
    )
    categ_id = fields.Many2one("product.category", string="Category", readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Cooperative", required=True, index=True, ondelete="restrict"
    )
    # Quantities and prices here copy values already rounded (whole steps of the unit's
    # rounding from the allocator, the vendor line's price): no digits of their own, which
    # spares a decimal-precision lookup per allocation, hundreds per routing.
    qty = fields.Float(string="Quantity", required=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    purchase_line_id = fields.Many2one(
        "purchase.order.line", string="Purchase Line", index=True, ondelete="set null"
    )
    purchase_id = fields.Many2one(
        "purchase.order", string="Purchase Order", index=True, ondelete="set null"
    )
    state = fields.Selection(
        STATE_SELECTION,
        required=True,
        default="waiting",
        index=True,
    )
    # codes and raw values (see ``note``): the explanation is written in the reader's language
    reason_data = fields.Json(string="Explanation Data", readonly=True)
    reason = fields.Text(
        compute="_compute_reason", help="Why the routing engine made this decision."
    )
    policy = fields.Selection(POLICY_SELECTION, string="Routing Policy")
    target_share = fields.Float(string="Target Share (%)", aggregator="avg")
    # in the currency of her purchase order (of the vendor line until it is made)
    price_unit = fields.Float(string="Unit Price")
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    # shown on the allocation only; the routing analysis (coop.allocation.report) sums it in SQL
    amount = fields.Monetary(string="Value", compute="_compute_amount")
    company_id = fields.Many2one("res.company", string="Company", required=True, readonly=True)
    # the part of it closed later (refused, lowered) is a copy made then: it keeps this date,
    # so that the routing analysis counts both parts in the month she was asked
    routed_at = fields.Datetime(string="Routed On", required=True, readonly=True)
    answered_at = fields.Datetime(string="Answered On")
    # her answer stays in the routing analysis when the customer then lowers the order
    cancelled_after_acceptance = fields.Boolean(
        readonly=True, help="Accepted by the cooperative, then no longer needed by the order."
    )
    rerouted_from_id = fields.Many2one("coop.allocation", string="Re-routed From", index=True)
    rerouted_qty = fields.Float(
        string="Re-routed Quantity",
        readonly=True,
        copy=False,
        help="What of this refused or expired quantity routing gave other cooperatives.",
    )

    _sql_constraints = [
        ("qty_positive", "CHECK(qty > 0)", "An allocation has a positive quantity."),
    ]

    @api.depends("qty", "price_unit", "purchase_id.currency_rate")
    def _compute_amount(self):
        # her price is in the currency of her purchase order: the value in the company's
        for alloc in self:
            alloc.amount = alloc.qty * alloc.price_unit / (alloc.purchase_id.currency_rate or 1.0)

    @api.depends("reason_data", "company_id")
    @api.depends_context("lang")
    def _compute_reason(self):
        texts = self._coop_reason_texts([(alloc.reason_data, alloc.company_id) for alloc in self])
        for alloc, text in zip(self, texts, strict=True):
            alloc.reason = text

    # ------------------------------------------------------------------
    # Routing engine: gather inputs in batch, call the pure allocator, write in batch
    # ------------------------------------------------------------------

    @api.model
    def _coop_lock_orders(self, orders):
        """Serialise routing of an order (user, cron, webhook) on its row."""
        if orders:
            self.env.cr.execute(
                SQL("SELECT id FROM sale_order WHERE id IN %s FOR UPDATE", tuple(orders.ids))
            )

    @api.model
    def _coop_rows(self, model, domain, fnames, order=None):
        """Column values of ``fnames`` (ids for relations) of the ``model`` records matching
        ``domain``, as tuples from one query. Routing reads hundreds of vendor lines and
        supply declarations at once: plain values cost far less than record attributes."""
        records = self.env[model].sudo()  # sudo: routing reads them whoever confirms the order
        query = records._search(domain, order=order)
        return self.env.execute_query(
            query.select(*(records._field_to_sql(query.table, fname, query) for fname in fnames))
        )

    @api.model
    def _coop_sellers(self, products):
        """Cooperative vendor lines of ``products``: {product id: [Seller, ...]}, one per
        cooperative, in order of preference. Of a cooperative's price breaks the one with
        the lowest minimum is kept: it is the least she takes (the purchase line then gets
        the price of the quantity ordered). Archived cooperatives are left out (the
        traversal of ``partner_id`` does not filter them), and so are lines of a negative
        price or lead time, saved before they were refused (see product.supplierinfo): a
        purchase order of a negative value, a delivery date before her answer."""
        rows = self._coop_rows(
            "product.supplierinfo",
            [
                ("product_tmpl_id", "in", products.product_tmpl_id.ids),
                ("partner_id.is_cooperative", "=", True),
                ("partner_id.active", "=", True),
                ("company_id", "in", [False, *self.env.companies.ids]),
                ("price", ">=", 0),
                ("delay", ">=", 0),
            ],
            [
                "id",
                "product_tmpl_id",
                "product_id",
                "partner_id",
                "date_start",
                "date_end",
                "min_qty",
                "delay",
                "price",
            ],
            order="sequence, min_qty, price, id",
        )
        by_tmpl = defaultdict(list)
        for row in rows:
            by_tmpl[row[1]].append(row)
        today = fields.Date.context_today(self)
        result = {}
        for product in products:
            sellers = result[product.id] = []
            seen = set()
            for (
                seller_id,
                _tmpl,
                variant_id,
                partner_id,
                start,
                end,
                min_qty,
                delay,
                price,
            ) in by_tmpl[product.product_tmpl_id.id]:
                if (
                    (variant_id and variant_id != product.id)
                    or (start and start > today)
                    or (end and end < today)
                    or partner_id in seen
                ):
                    continue
                seen.add(partner_id)
                sellers.append(Seller(seller_id, partner_id, float(min_qty), delay, float(price)))
        return result

    @api.model
    def _coop_supplies(self, tmpl_ids, partner_ids):
        """Declared supply of each (product template id, cooperative id): {key: Supply}."""
        rows = self._coop_rows(
            "coop.sourcing",
            [("product_tmpl_id", "in", tmpl_ids), ("partner_id", "in", partner_ids)],
            [
                "id",
                "product_tmpl_id",
                "partner_id",
                "qty_available",
                "weekly_capacity",
                "target_share",
            ],
        )
        return {
            (tmpl_id, partner_id): Supply(
                sourcing_id, float(qty or 0.0), float(capacity or 0.0), share or 0.0
            )
            for sourcing_id, tmpl_id, partner_id, qty, capacity, share in rows
        }

    @api.model
    def _coop_routed_volumes(self, tmpl_ids, partner_ids, since):
        if not tmpl_ids or not partner_ids:
            return {}
        groups = self.sudo()._read_group(  # sudo: volumes feed the allocator only
            [
                ("product_tmpl_id", "in", tmpl_ids),
                ("partner_id", "in", partner_ids),
                ("state", "in", ACTIVE_STATES),
                ("create_date", ">=", since),
            ],
            ["product_tmpl_id", "partner_id"],
            ["qty:sum"],
        )
        return {(tmpl.id, partner.id): qty for tmpl, partner, qty in groups}

    @api.model
    def _coop_valid_certs(self, partners, today):
        """Certifications of ``partners`` valid ``today``, read once for a whole routing:
        {partner id: (codes covering every product, ((code, product template ids), ...))}."""
        result = {}
        for partner in set(partners):  # concat of the sellers' partners: with repeats
            general = set()
            restricted = []
            for cert in partner.coop_certification_ids:
                if (
                    cert.state != "valid"
                    or (cert.date_from and cert.date_from > today)
                    or (cert.date_to and cert.date_to < today)
                ):
                    continue
                if cert.product_tmpl_ids:
                    restricted.append((cert.type_id.code, frozenset(cert.product_tmpl_ids.ids)))
                else:
                    general.add(cert.type_id.code)
            result[partner.id] = (frozenset(general), tuple(restricted))
        return result

    @api.model
    def _coop_valid_cert_codes(self, certifications, tmpl):
        """Codes of ``certifications`` (from ``_coop_valid_certs``) covering ``tmpl``."""
        general, restricted = certifications
        if not restricted:
            return general
        return general | {code for code, tmpl_ids in restricted if tmpl.id in tmpl_ids}

    @api.model
    def _coop_staff_env(self, company, reader=None):
        """An environment writing for ``company``'s central staff what is written once (notes,
        activities), and explanations read without a language: in the company's language
        (else the current one), whoever triggers it (a customer confirming on the website, a
        job, a cooperative answering by SMS); in the language of ``reader`` (a user), when
        written for her alone and she has one."""
        if reader and reader.lang:
            return self.with_context(lang=reader.lang).env
        # The company's partner is looked up once per transaction, with its language (one
        # query; company.partner_id.lang costs two while routing: the company is not read);
        # then its language comes from the ORM's cache, which a change of it invalidates.
        Partner = self.env["res.partner"].sudo()  # sudo: the company's language is no secret
        partner_ids = self.env.cr.cache.setdefault("coop_company_partner_ids", {})
        if company.id not in partner_ids:
            partner_ids[company.id] = (
                Partner.with_context(active_test=False)
                .search_fetch([("ref_company_ids", "=", company.id)], ["lang"], limit=1)
                .id
            )
        lang = Partner.browse(partner_ids[company.id]).lang or self.env.lang
        if lang == (self.env.lang or "en_US"):
            return self.env  # already in it, with its caches
        return self.with_context(lang=lang).env

    @api.model
    def _coop_decimal_point(self):
        """The decimal point of the language of ``self.env`` ("," in French)."""
        return self.env["res.lang"]._get_data(code=self.env.lang or "en_US").decimal_point or "."

    @api.model
    def _coop_qty_text(self, qty, uom):
        """``qty`` of ``uom`` as people write it in the language of ``self.env``."""
        return qty_text(qty, uom.rounding, self._coop_decimal_point())

    @api.model
    def _coop_datetime_text(self, value, tz):
        """``value`` (UTC) in the time zone ``tz``, as the language of ``self.env`` writes a
        date (its date format, which the GIE may set) with hours and minutes: "02/12/2026
        16:38" in French, "02 ديسمبر 2026 04:38 م" in Arabic. Babel's short pattern ignores
        the date format (and puts a Latin comma in Arabic); the hours are the language's
        time format without seconds, as Odoo's short time format for Arabic drops the
        morning/afternoon mark."""
        lang = get_lang(self.env)
        pattern = f"{lang.date_format} {lang.time_format.replace(':%S', '')}"
        dt_format = posix_to_ldml(pattern, babel_locale_parse(lang.code))
        return format_datetime(self.env, value, tz=tz, dt_format=dt_format, lang_code=lang.code)

    @api.model
    def _coop_step_text(self, uom):
        """What quantities of ``uom`` are counted in, in the language of ``self.env``: its
        name for a unit counted whole ("Units"), else its smallest part ("0.5 kg")."""
        uom = uom.with_env(self.env)
        step = self._coop_step(uom)
        if step == 1:
            return uom._coop_plural_name()
        return f"{qty_text(step, step, self._coop_decimal_point())} {uom._coop_name_after(step)}"

    @api.model
    def _coop_check_whole_steps(self, qty, uom, what):
        """Refuse ``qty`` of ``uom`` unless it is a whole number of the unit's steps (see
        ``_coop_step``): 2.5 of a unit counted whole (bottles, pieces) is a typing mistake,
        which rounding would turn into another quantity than the one typed. ``what`` names
        the quantity in the message ("Accepted quantity of Argan oil")."""
        if is_whole_steps(qty, self._coop_step(uom)):
            return
        # as typed: to the digits of quantities, not to the unit's rounding
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        raise ValidationError(
            self.env._(
                "%(what)s: %(qty)s %(unit)s is not a whole number of %(step)s.",
                what=what,
                qty=qty_text(qty, 10**-digits, self._coop_decimal_point()),
                unit=uom.with_env(self.env)._coop_name_after(qty),
                step=self._coop_step_text(uom),
            )
        )

    @api.model
    def _coop_reason_templates(self):
        """The sentence of each explanation code, in the language of ``self.env``."""
        _ = self.env._
        return {
            allocator.ALLOCATED: _("allocated %(qty)s %(uom)s (%(policy)s policy)"),
            ALLOCATED_ALL_STOCK: _(
                "allocated %(qty)s %(uom)s (%(policy)s policy), all her declared stock"
            ),
            ALLOCATED_ALL_WEEK: _(
                "allocated %(qty)s %(uom)s (%(policy)s policy), all her capacity left this week"
            ),
            allocator.INELIGIBLE: _("not eligible: %(why)s"),
            allocator.EXCLUDED: _("already refused or let expire this line"),
            allocator.MISSING_CERTIFICATION: _("missing certification %(codes)s"),
            allocator.TOO_LATE: _(
                "lead time %(lead)s days, only %(days)s days before the delivery date"
            ),
            # explanations stored before the stock and the week were told apart
            allocator.NO_CAPACITY: _(
                "no capacity left (can take %(limit)s %(uom)s, minimum %(min)s)"
            ),
            NO_STOCK: _(
                "not enough declared stock: %(limit)s %(uom)s left, her minimum is "
                "%(min)s %(min_uom)s"
            ),
            NO_WEEKLY_CAPACITY: _(
                "weekly capacity used up: %(limit)s %(uom)s left this week, her minimum is "
                "%(min)s %(min_uom)s"
            ),
            allocator.BELOW_MIN_QTY: _("remaining quantity below her minimum of %(min)s"),
            allocator.NOT_NEEDED: _("not needed: the others covered the quantity"),
            allocator.NO_CANDIDATE: _(
                "%(qty)s %(uom)s to route: no eligible cooperative can supply it"
            ),
            allocator.NOT_ENOUGH_CAPACITY: _(
                "%(qty)s %(uom)s to route: the eligible cooperatives cannot supply more"
            ),
            KEPT: _("%(kept)s of %(qty)s %(uom)s kept."),
            PARTLY_ACCEPTED: _("Partly accepted."),
            PARTLY_ACCEPTED_BECAUSE: _("Partly accepted: %(reason)s"),
            REFUSED: _("Refused."),
            REFUSED_BECAUSE: _("Refused: %(reason)s"),
            PROPOSED_DATE_REFUSED: _("Refused: proposed date not suitable."),
            EXPIRED: _("No answer before the deadline."),
            ORDER_CANCELLED: _("The sales order was cancelled."),
            ORDER_LOWERED: _("The sales order quantity was lowered."),
            LOWERED_AFTER_DELIVERY: _(
                "The sales order quantity was lowered after the cooperative delivered: "
                "what she delivered stays in the central stock."
            ),
            RETURNED: _("%(qty)s %(uom)s returned to the cooperative (%(picking)s)."),
            COOP_LEFT: _("Taken back: the cooperative left the GIE."),
            COOP_SUSPENDED: _("Taken back: the GIE membership of the cooperative is suspended."),
            CERT_LAPSED: _(
                "Taken back: the cooperative no longer holds a valid certification %(codes)s, "
                "which the product requires."
            ),
            CERT_REQUIRED: _(
                "Taken back: the product now requires a valid certification %(codes)s, which "
                "the cooperative does not hold."
            ),
        }

    @api.model
    def _coop_reason_texts(self, items):
        """The text of each explanation of ``items``, a list of ``(entries, company)``: in
        the reader's language, else (a job, a shell) in the language of the company's
        central staff (see ``_coop_staff_env``). Templates are translated and units read
        once per language for all of them."""
        uom_ids = {
            entry["params"]["uom"]
            for entries, _company in items
            for entry in entries or ()
            if "uom" in entry.get("params", ())
        }
        renderers = {}
        texts = []
        for entries, company in items:
            env = self.env if self.env.lang else self._coop_staff_env(company)
            if env.lang not in renderers:
                renderers[env.lang] = self.with_env(env)._coop_reason_renderer(uom_ids)
            texts.append(renderers[env.lang](entries))
        return texts

    @api.model
    def _coop_reason_renderer(self, uom_ids):
        """A function writing a list of explanation entries (see ``note``) as text, one line
        each, in the language of ``self.env``."""
        env = self.env
        templates = self._coop_reason_templates()
        policies = dict(self._fields["policy"]._description_selection(env))
        # the names of units, to write quantities: cooperatives read their own allocations
        uoms = env["uom.uom"].sudo().browse(uom_ids)  # sudo: unit names only
        Partner = env["res.partner"]
        # names of certification types and membership states: read once, when needed
        labels = []
        tz = env.user._coop_tz()
        point = self._coop_decimal_point()
        coop_line = env._("%(coop)s: %(text)s")  # a cooperative's line ("B : ..." in French)

        def line(entry):
            if "text" in entry:
                return entry["text"]
            if "at" in entry:
                # in the reader's time zone and date format (the GIE's, when she set none)
                return self._coop_datetime_text(entry["at"], tz)
            params = dict(entry.get("params") or {})
            if "uom" in params:
                uom = uoms.browse(params["uom"])
                for key in QTY_PARAMS:
                    if key in params:
                        # the unit after each quantity, in the form it takes there
                        params[f"{key}_uom"] = uom._coop_name_after(params[key])
                        params[key] = qty_text(params[key], uom.rounding, point)
                # %(uom)s: the unit after the entry's quantity, else after its limit
                params["uom"] = params.get("qty_uom") or params.get("limit_uom") or uom.name
            if "policy" in params:
                params["policy"] = policies.get(params["policy"], params["policy"])
            if "codes" in params:
                # the names of the missing certification types, not their codes
                labels[:] = labels or [Partner._coop_reason_labels()]
                names = labels[0][0]
                params["codes"] = ", ".join(names.get(code, code) for code in params["codes"])
            if "why" in params:
                labels[:] = labels or [Partner._coop_reason_labels()]
                params["why"] = Partner._coop_format_reasons(
                    eligibility_reasons(params["why"]), labels[0]
                ) or env._("not an active member")
            template = templates[entry["code"]]
            text = template % params if params else template
            return coop_line % {"coop": entry["coop"], "text": text} if "coop" in entry else text

        def render(entries):
            return "\n".join(map(line, entries)) if entries else False

        return render

    @api.model
    def _coop_decision_entry(self, decision, partner, uom, policy, ineligible, short=False):
        """``partner``'s entry of a routing explanation (see ``note``); ``ineligible``:
        {partner id: why she is not eligible, as ``eligibility_data`` stores it}; ``short``:
        the line keeps quantity to route (then what held back each cooperative is said)."""
        code = decision.code
        detail = decision.detail
        params = {}
        if code == allocator.ALLOCATED:
            params = {"qty": decision.qty, "uom": uom.id, "policy": policy}
            if short and detail["full"]:
                code = ALLOCATED_ALL_WEEK if detail["weekly"] else ALLOCATED_ALL_STOCK
        elif code == allocator.INELIGIBLE:
            params = {"why": ineligible.get(partner.id, [])}
        elif code == allocator.MISSING_CERTIFICATION:
            params = {"codes": list(detail["missing"])}
        elif code == allocator.TOO_LATE:
            params = {"lead": detail["lead_time"], "days": detail["days_left"]}
        elif code == allocator.NO_CAPACITY:
            code = NO_WEEKLY_CAPACITY if detail["weekly"] else NO_STOCK
            params = {"limit": detail["limit"], "min": detail["min_qty"], "uom": uom.id}
        elif code == allocator.BELOW_MIN_QTY:
            params = {"min": detail["min_qty"], "uom": uom.id}
        return dict(note(code, **params), coop=partner.display_name)

    @api.model
    def _coop_step(self, uom, unit_category=None):
        """Smallest quantity of ``uom`` routed, accepted or declared: whole units of a unit
        of the "Unit" category (Units, Dozens: no half bottle, though Odoo's Units round to
        0.01), else the unit's rounding (to the gram). ``unit_category``: that category, when
        the caller has it at hand."""
        unit_category = unit_category or self.env.ref("uom.product_uom_categ_unit")
        if uom.category_id == unit_category:
            return max(uom.rounding, 1.0)
        return uom.rounding

    @api.model
    def _coop_route(self, demands, retry_expired=False):
        """Allocate ``demands`` (list of ``(sale line, qty in the product's unit)``).

        Returns, for each demand, a list of ``(allocation, supplierinfo)``. Allocations are
        created in state ``waiting`` (their purchase line comes from the procurement).
        Explanations are kept with the orders (one per line), an activity is left on orders
        with quantity to route.

        A cooperative that refused a line is not asked for it again. One that let it expire
        neither, unless ``retry_expired`` (staff route the line again: they may have called
        her, or she declared new supply).
        """
        lines = self.env["sale.order.line"].concat(*(line for line, _qty in demands))
        if not lines:
            return []
        # procurements browse their line one by one: read the lines (and through them
        # products, templates, orders) as one batch instead of one query per line
        demands = [(line.with_prefetch(lines._prefetch_ids), qty) for line, qty in demands]
        orders = lines.order_id
        self._coop_lock_orders(orders)
        products = lines.product_id
        today = fields.Date.context_today(self)
        now = fields.Datetime.now()
        sellers_by_product = self._coop_sellers(products)
        partners = self.env["res.partner"].browse(
            {s.partner_id for sellers in sellers_by_product.values() for s in sellers}
        )
        tmpl_ids = products.product_tmpl_id.ids
        supplies = self._coop_supplies(tmpl_ids, partners.ids)
        policies = (
            self.env["coop.routing.policy"]
            .sudo()  # sudo: policy applies whoever confirms
            ._policy_by_category(products.categ_id)
        )
        # volume routed over each window routing looks at: a week (weekly capacity) and the
        # balancing window of each policy (its own, not the longest of the batch)
        volumes = {
            days: defaultdict(
                float,
                self._coop_routed_volumes(tmpl_ids, partners.ids, now - timedelta(days=days)),
            )
            for days in {WEEK_DAYS, *map(balancing_days, policies.values())}
        }
        week = volumes[WEEK_DAYS]
        unit_category = self.env.ref("uom.product_uom_categ_unit")
        valid_certs = self._coop_valid_certs(partners, today)
        partner_by_id = {partner.id: partner for partner in partners}
        eligible = {partner.id: partner.coop_eligible for partner in partners}
        # why, stored with the explanations (written in the reader's language when read)
        ineligible = partners.filtered(lambda p: not eligible[p.id])
        ineligible = {
            partner_id: eligibility_data(result.reasons)
            for partner_id, result in (ineligible._coop_eligibility() if ineligible else {}).items()
        }

        # running state, so that two lines of one batch see each other's allocations
        available = {key: supply.qty_available for key, supply in supplies.items()}
        consumed = defaultdict(float)
        alloc_vals = []
        alloc_sellers = []
        demand_of_alloc = []
        notes = {}
        for index, (line, qty) in enumerate(demands):
            product = line.product_id
            tmpl = product.product_tmpl_id
            uom = product.uom_id
            policy_rec = policies.get(product.categ_id.id)
            policy = policy_rec.policy if policy_rec else allocator.BALANCED
            window = volumes[balancing_days(policy_rec)]
            excluded = frozenset(
                a.partner_id.id
                for a in (line.coop_allocation_ids if line.coop_routed else ())
                if a.state == "refused" or (a.state == "expired" and not retry_expired)
            )
            required = frozenset(tmpl.coop_required_certification_type_ids.mapped("code"))
            candidates = []
            sellers = {}
            for rank, seller in enumerate(sellers_by_product[product.id]):
                key = (tmpl.id, seller.partner_id)
                supply = supplies.get(key)
                sellers[seller.partner_id] = seller
                candidates.append(
                    allocator.Candidate(
                        coop_id=seller.partner_id,
                        eligible=eligible[seller.partner_id],
                        certifications=self._coop_valid_cert_codes(
                            valid_certs[seller.partner_id], tmpl
                        ),
                        available_qty=available.get(key, 0.0),
                        weekly_capacity=(supply.weekly_capacity or None) if supply else None,
                        routed_week=week[key],
                        min_qty=seller.min_qty,
                        lead_time_days=seller.delay,
                        target_share=(supply.target_share / 100.0) if supply else None,
                        routed_window=window[key],
                        preferred_rank=rank,
                    )
                )
            commitment = line.order_id.commitment_date
            demand = allocator.Demand(
                qty=qty,
                required_certifications=required,
                deadline=commitment and commitment.date(),
                today=today,
                excluded_ids=excluded,
                step=self._coop_step(uom, unit_category),
            )
            result = allocator.allocate(demand, candidates, policy)
            entries = {
                d.coop_id: self._coop_decision_entry(
                    d, partner_by_id[d.coop_id], uom, policy, ineligible, bool(result.unrouted_qty)
                )
                for d in result.decisions
            }
            note_entries = notes.setdefault(line, [])
            note_entries += entries.values()
            if result.unrouted_reason:
                note_entries.append(
                    note(result.unrouted_reason, qty=result.unrouted_qty, uom=uom.id)
                )
            for allocation in result.allocations:
                key = (tmpl.id, allocation.coop_id)
                available[key] = available.get(key, 0.0) - allocation.qty
                consumed[key] += allocation.qty
                for routed in volumes.values():
                    routed[key] += allocation.qty
                seller = sellers[allocation.coop_id]
                supply = supplies.get(key)
                alloc_vals.append(
                    {
                        "sale_line_id": line.id,
                        "order_id": line.order_id.id,
                        "product_id": product.id,
                        "product_tmpl_id": tmpl.id,
                        "categ_id": product.categ_id.id,
                        "company_id": line.order_id.company_id.id,
                        "partner_id": allocation.coop_id,
                        "qty": allocation.qty,
                        "state": "waiting",
                        "routed_at": now,
                        "policy": policy,
                        "target_share": supply.target_share if supply else 0.0,
                        "price_unit": seller.price,
                        "reason_data": [entries[allocation.coop_id]],
                    }
                )
                alloc_sellers.append(seller.id)
                demand_of_alloc.append(index)

        allocations = self.sudo().create(alloc_vals)  # sudo: audit records, written by the engine
        # one write per new stock level, not one per (product, cooperative)
        consume = defaultdict(list)
        for key, qty in consumed.items():
            supply = supplies[key]
            consume[max(supply.qty_available - qty, 0.0)].append(supply.id)
        # untracked: the allocations are the trail of what routing took; the declaration's
        # chatter keeps what cooperatives and staff declared (a message per product and
        # cooperative at every order would bury it, and cost hundreds of queries at commit)
        Sourcing = (
            self.env["coop.sourcing"]
            .sudo()  # sudo: routing consumes declared supply
            .with_context(coop_routing_consume=True, tracking_disable=True)
        )
        for remaining, sourcing_ids in consume.items():
            Sourcing.browse(sourcing_ids).qty_available = remaining
        stamp = {"at": fields.Datetime.to_string(now)}  # written in the reader's time zone
        # every line routed, with its own explanation: one write per order, not per line
        logs = defaultdict(dict)
        for line, line_entries in notes.items():
            logs[line.order_id][str(line.id)] = [stamp, *line_entries]
        for order, entries in logs.items():
            # write(), not assignment: assigning a Json value copies it once more, and a
            # log holds an entry per cooperative and line
            order.sudo().write(  # sudo: the engine's own notes, readonly in views
                {"coop_route_log": dict(order.coop_route_log or {}, **entries)}
            )
        # the ORM writes only the lines not flagged yet
        lines.sudo().coop_routed = True  # sudo: the engine's own flag, whoever confirms
        orders._coop_sync_activities()
        result = [[] for _d in demands]
        seller_records = (
            self.env["product.supplierinfo"]
            .sudo()  # sudo: the vendor lines routing read, for the procurements
            .browse(alloc_sellers)
        )
        rows = zip(allocations, seller_records, demand_of_alloc, strict=True)
        for allocation, seller, index in rows:
            result[index].append((allocation, seller))
        return result

    @api.model
    def _coop_date_planned(self, date_planned, seller, answered_by=None):
        """When ``seller``'s cooperative is asked to deliver: when the order needs the goods,
        but never sooner than she can make them (her lead time, after her time to answer,
        ``answered_by``: see ``_coop_answered_by``)."""
        earliest = (answered_by or self._coop_answered_by()) + timedelta(days=seller.delay)
        return max(date_planned, earliest) if date_planned else earliest

    @api.model
    def _coop_answered_by(self):
        """When an order sent now is answered at the latest (its answer time, no deadline)."""
        params = self.env["ir.config_parameter"].sudo()  # sudo: reading the routing settings
        answer_hours = int(params.get_param("coop_order_routing.answer_hours", 24))
        return fields.Datetime.now() + timedelta(hours=answer_hours)

    @api.model
    def _coop_procurement_for(self, allocation, seller):
        """A procurement of ``allocation`` from ``seller`` feeding the order line's chain."""
        line = allocation.sale_line_id
        product = line.product_id
        order = line.order_id
        extra = {
            "supplierinfo_id": seller,
            "coop_allocation_id": allocation.id,
            "coop_sale_order_id": order.id,
        }
        dest_moves = line._coop_open_delivery_moves()
        if allocation._coop_is_dropship():
            # straight to the customer (product, line or cooperative shipping direct)
            values = dict(
                line._prepare_procurement_values(group_id=order.procurement_group_id), **extra
            )
            values["route_ids"] = self.env.ref("stock_dropshipping.route_drop_shipping")
            location = order.partner_shipping_id.property_stock_customer
        elif dest_moves:
            # feed the customer move that waits on order (MTO chain)
            move = dest_moves[0]
            values = dict(move._prepare_procurement_values(), **extra)
            location = move.location_id
        else:
            # nothing waits on order any more: replenish the central warehouse
            warehouse = line.warehouse_id or order.warehouse_id
            values = dict(
                line._prepare_procurement_values(group_id=order.procurement_group_id), **extra
            )
            values.update(
                route_ids=self.env.ref("purchase_stock.route_warehouse0_buy"),
                warehouse_id=warehouse,
            )
            values.pop("sale_line_id", None)
            location = warehouse.lot_stock_id
        values["date_planned"] = self._coop_date_planned(values.get("date_planned"), seller)
        return [
            self.env["procurement.group"].Procurement(
                product,
                allocation.qty,
                product.uom_id,
                location,
                line.name,
                order.name,
                order.company_id,
                values,
            )
        ]

    @api.model
    def _coop_link_purchase_lines(self, allocation_ids, lines):
        """Record on each allocation (id, or False) of ``allocation_ids`` the purchase line
        made for it in ``lines`` (same order), its purchase order, and its price: the price
        of the quantity ordered (vendor price breaks) is the value routed.

        A procurement run makes hundreds of lines: their allocations are updated in batch,
        as the ORM flushes, instead of one write (and its bookkeeping) per allocation."""
        lines = lines.sudo()  # sudo: reads the price, hidden from cooperatives, routed value
        pairs = [
            (alloc_id, line)
            for alloc_id, line in zip(allocation_ids, lines, strict=True)
            if alloc_id
        ]
        allocations = self.sudo().browse(  # sudo: the engine's own audit records
            [alloc_id for alloc_id, _line in pairs]
        )
        fnames = ["purchase_line_id", "purchase_id", "price_unit"]
        allocations.flush_recordset(fnames)
        allocations.modified(fnames, before=True)
        allocations._write_multi(
            [
                {
                    "purchase_line_id": line.id,
                    "purchase_id": line.order_id.id,
                    "price_unit": line.price_unit,
                }
                for _alloc_id, line in pairs
            ]
        )
        # drops the stale values, and with them the lines' and orders' cached allocations
        allocations.invalidate_recordset(fnames)
        allocations.modified(fnames)

    def _coop_is_dropship(self):
        """Whether this allocation ships straight to the customer: its line is dropshipped
        (route of the line or product), or its cooperative ships direct."""
        self.ensure_one()
        return self.sale_line_id._coop_line_dropship() or (
            self.partner_id.coop_dropship
            and bool(
                self.env.ref("stock_dropshipping.route_drop_shipping", raise_if_not_found=False)
            )
        )

    @api.model
    def _coop_reroute_lines(self, lines, retry_expired=False):
        """Route again what is left to route on ``lines`` (refused, expired, unrouted);
        ``retry_expired``: see ``_coop_route``."""
        lines = lines.filtered(
            lambda ln: (
                ln.state == "sale"
                and ln.product_id.coop_sourced
                and float_compare(
                    ln.coop_to_route_qty, 0.0, precision_rounding=ln.product_id.uom_id.rounding
                )
                > 0
            )
        )
        if not lines:
            return self.browse()
        self._coop_lock_orders(lines.order_id)
        lines.invalidate_recordset(["coop_to_route_qty"])
        demands = [(line, line.coop_to_route_qty) for line in lines if line.coop_to_route_qty > 0]
        routed = self._coop_route(demands, retry_expired)
        # the customer delivery carries what does not ship direct (created again if needed)
        lines._coop_sync_delivery()
        procurements = []
        for (line, _qty), allocs in zip(demands, routed, strict=True):
            # audit trail: what the new allocations replace, the oldest refusals or expiries
            # first (routing analysis), linked to the last one
            closed = line.coop_allocation_ids.filtered(
                lambda a: a.state in ("refused", "expired")
            ).sorted(lambda a: (a.answered_at or a.create_date, a.id))
            if closed and allocs:
                credited = allocator.spread_rerouted(
                    sum(allocation.qty for allocation, _s in allocs),
                    [alloc.qty - alloc.rerouted_qty for alloc in closed],
                )
                for alloc, qty in zip(closed, credited, strict=True):
                    if qty:
                        alloc.rerouted_qty += qty
            for allocation, seller in allocs:
                if closed:
                    allocation.rerouted_from_id = closed[-1]
                procurements += self._coop_procurement_for(allocation, seller)
        if procurements:
            self.env["procurement.group"].sudo().run(procurements)  # sudo: as the scheduler
        return self.concat(*(a for allocs in routed for a, _s in allocs))

    @api.model
    def _coop_goods_returned(self, moves):
        """The central sent these done ``moves`` of cooperatives' goods back to them (a lot
        rejected by quality control, a surplus), refunded on their purchase orders: their
        orders no longer expect what they took back, and what the order lines still need
        of it is taken off their allocations and routed again, so that the customer is not
        left waiting for goods that will never come. The customer's goods still in stock
        are reserved for her again (the return took them from her delivery)."""
        moves = moves.with_env(self.env)  # the engine's rights (see stock.picking)
        sale_lines = short_lines = self.env["sale.order.line"]
        for po_line, line_moves in moves.grouped("purchase_line_id").items():
            incoming = po_line.move_ids.filtered(
                lambda m: (
                    m.state not in ("done", "cancel") and m.location_dest_id.usage == "internal"
                )
            )
            coming = po_line.qty_received + sum(
                m.product_uom._compute_quantity(m.product_uom_qty, po_line.product_uom)
                for m in incoming
            )
            po_line.product_qty = min(po_line.product_qty, coming)
            allocations = po_line.coop_allocation_ids.filtered(lambda a: a.state == "accepted")
            sale_line = allocations.sale_line_id[:1]
            if not allocations or sale_line.state != "sale":
                continue
            sale_lines |= sale_line
            uom = sale_line.product_id.uom_id
            short = sum(allocations.mapped("qty")) - po_line.product_uom._compute_quantity(
                coming, uom
            )
            if float_compare(short, 0.0, precision_rounding=uom.rounding) <= 0:
                continue  # a surplus sent back: the order line has what it needs
            reason = note(
                RETURNED,
                qty=short,
                uom=uom.id,
                picking=", ".join(line_moves.picking_id.mapped("name")),
            )
            allocation = allocations.sorted("qty")[-1]
            allocation._coop_split(allocation.qty - short, "cancelled", reason, give_back=False)
            short_lines |= sale_line
        self._coop_reroute_lines(short_lines)
        sale_lines.order_id._coop_close_surplus()
        self.env["stock.move"].concat(
            *(line._coop_warehouse_moves() for line in sale_lines)
        )._action_assign()

    def _coop_mark(self, state, reason=None, give_back=True):
        """Close these allocations (refused, expired, cancelled) with a ``reason`` (an entry:
        see ``note``); cancelled ones give their quantity back to the declared supply
        unless ``give_back`` is False (the cooperative delivered it already). Only a refusal
        or an expiry is her answer (dated); a cancellation is not."""
        now = fields.Datetime.now()
        for alloc in self:
            vals = {"state": state}
            if state == "cancelled" and alloc.state == "accepted":
                # her answer stays what it was, and when (routing analysis)
                vals["cancelled_after_acceptance"] = True
            elif state != "cancelled":
                vals["answered_at"] = now
            if reason:
                vals["reason_data"] = [*(alloc.reason_data or ()), reason]
            alloc.write(vals)
        if state == "cancelled" and give_back:
            self._coop_give_back_supply()

    def _coop_give_back_supply(self):
        """Give these cancelled allocations' quantity back to the supply their cooperative
        declared: the central order no longer needs it, she still has the goods (a
        purchase order cannot be cancelled, nor lowered, below what was received).

        Refused and expired allocations give nothing back: she said she cannot supply it,
        or did not answer, and declares again what she really has."""
        given = defaultdict(float)
        for alloc in self:
            given[(alloc.product_tmpl_id.id, alloc.partner_id.id)] += alloc.qty
        if not given:
            return
        # untracked, as routing consumes it (see _coop_route)
        Sourcing = (
            self.env["coop.sourcing"]
            .sudo()  # sudo: routing gives back the supply it consumed
            .with_context(coop_routing_consume=True, tracking_disable=True)
        )
        declarations = Sourcing.search(
            [
                ("product_tmpl_id", "in", [tmpl_id for tmpl_id, _p in given]),
                ("partner_id", "in", [partner_id for _t, partner_id in given]),
            ]
        )
        for declaration in declarations:
            key = (declaration.product_tmpl_id.id, declaration.partner_id.id)
            if key in given:
                declaration.qty_available += given[key]

    def _coop_split(self, keep_qty, state, reason, give_back=True):
        """Keep ``keep_qty`` on this allocation, move the rest to a new closed allocation
        (``reason``, ``give_back``: see ``_coop_mark``)."""
        self.ensure_one()
        rounding = self.uom_id.rounding
        rest = self.qty - keep_qty
        if float_is_zero(rest, precision_rounding=rounding):
            return self.browse()
        if float_is_zero(keep_qty, precision_rounding=rounding):
            self._coop_mark(state, reason, give_back=give_back)
            return self
        after_acceptance = state == "cancelled" and self.state == "accepted"
        closed = self.copy(
            {
                "qty": rest,
                "state": state,
                # what routing gave her, then why this part closed
                "reason_data": [*(self.reason_data or ()), reason],
                # her answer stays what it was, and when (routing analysis); a
                # cancellation is not her answer (see _coop_mark)
                "cancelled_after_acceptance": after_acceptance,
                "answered_at": (
                    self.answered_at if state == "cancelled" else fields.Datetime.now()
                ),
                "purchase_line_id": self.purchase_line_id.id,
                "purchase_id": self.purchase_id.id,
            }
        )
        # her allocation says what is left of it, next to what routing gave her
        kept = note(KEPT, kept=keep_qty, qty=self.qty, uom=self.uom_id.id)
        self.write({"qty": keep_qty, "reason_data": [*(self.reason_data or ()), kept]})
        if state == "cancelled" and give_back:
            closed._coop_give_back_supply()
        return closed
