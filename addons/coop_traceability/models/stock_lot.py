import base64
import functools
import logging
import secrets
import subprocess
from collections import defaultdict

import qrcode
from markupsafe import Markup
from qrcode.image.svg import SvgPathFillImage

from odoo import api, fields, models
from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date
from odoo.tools.mimetypes import guess_mimetype

from ..lib import gs1, quality, rtl, zpl

_logger = logging.getLogger(__name__)

QUALITY_STATES = [
    ("none", "Not Checked"),
    ("pending", "Checks Pending"),
    ("passed", "Passed"),
    ("failed", "Failed (Blocked)"),
    ("released", "Released by GIE Manager"),
    ("rejected", "Rejected"),
]


@functools.cache
def label_zoom():
    """CSS zoom that makes a label fill its page whatever the wkhtmltopdf build.

    wkhtmltopdf with unpatched Qt (Debian's) ignores --disable-smart-shrinking and lays pages
    out about 1.3 times too wide; the patched build renders millimetres as they are.
    """
    try:
        version = subprocess.run(
            [_get_wkhtmltopdf_bin(), "--version"], capture_output=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return 1.0
    return 1.0 if b"patched qt" in version else 1.3


def new_token():
    """Public token of a lot: 128 random bits, URL-safe, not guessable."""
    return secrets.token_urlsafe(16)


class StockLot(models.Model):
    _inherit = "stock.lot"

    coop_partner_id = fields.Many2one(
        "res.partner",
        string="Cooperative",
        domain=[("is_cooperative", "=", True)],
        index=True,
        tracking=True,
        help="Cooperative that made this lot: the vendor of the purchase order it was "
        "received from, or entered by hand.",
    )
    coop_purchase_id = fields.Many2one(
        "purchase.order", string="Purchase Order", readonly=True, copy=False, index=True
    )
    coop_production_date = fields.Date(
        string="Production Date", tracking=True, help="Production or harvest date."
    )
    coop_origin_douar = fields.Char(string="Douar", help="Village of origin.")
    coop_origin_commune = fields.Char(string="Commune", help="Commune of origin.")
    coop_raw_lot_ids = fields.Many2many(
        "stock.lot",
        "coop_stock_lot_raw_rel",
        "lot_id",
        "raw_lot_id",
        string="Raw-Material Lots",
        help="Lots this lot was made from (e.g. the kernels of an oil).",
    )
    coop_derived_lot_ids = fields.Many2many(
        "stock.lot",
        "coop_stock_lot_raw_rel",
        "raw_lot_id",
        "lot_id",
        string="Made Into",
        readonly=True,
    )
    coop_certification_ids = fields.Many2many(
        "coop.certification",
        "coop_stock_lot_certification_rel",
        "lot_id",
        "certification_id",
        string="Certifications at Production",
        compute="_compute_coop_certification_ids",
        store=True,
        help="Snapshot of the cooperative's certifications valid on the production date.",
    )
    coop_quality_check_ids = fields.One2many(
        "coop.quality.check", "lot_id", string="Quality Checks"
    )
    coop_quality_state = fields.Selection(
        QUALITY_STATES,
        string="Quality",
        compute="_compute_coop_quality_state",
        store=True,
        index=True,
        tracking=True,
    )
    coop_quality_decision = fields.Selection(
        [("release", "Release"), ("reject", "Reject")],
        string="GIE Decision",
        readonly=True,
        copy=False,
        tracking=True,
    )
    coop_quality_decision_uid = fields.Many2one(
        "res.users", string="Decided By", readonly=True, copy=False
    )
    coop_quality_decision_date = fields.Datetime(string="Decided On", readonly=True, copy=False)
    coop_blocked = fields.Boolean(
        string="Blocked",
        compute="_compute_coop_quality_state",
        store=True,
        index=True,
        help="Failed a quality check: kept in quarantine and cannot be delivered.",
    )
    coop_token = fields.Char(
        string="Public Token", readonly=True, copy=False, index=True, groups="base.group_user"
    )
    coop_published = fields.Boolean(
        string="Published",
        copy=False,
        tracking=True,
        help="Its public trace page answers (QR code of the label).",
    )
    coop_trace_url = fields.Char(string="Trace Page", compute="_compute_coop_trace_url")
    coop_recall_ids = fields.One2many("coop.recall", "lot_id", string="Recalls")
    coop_recall_count = fields.Integer(string="Recall Count", compute="_compute_coop_recall_count")

    _sql_constraints = [
        ("coop_token_unique", "UNIQUE(coop_token)", "The public token of a lot must be unique."),
    ]

    # ------------------------------------------------------------------ computes

    @api.depends("coop_partner_id", "coop_production_date", "product_id")
    def _compute_coop_certification_ids(self):
        # A snapshot: it depends on the lot only, so later changes of the cooperative's
        # certifications do not rewrite what was valid when the lot was made.
        groups = defaultdict(lambda: self.browse())
        for lot in self:
            groups[(lot.coop_partner_id, lot.coop_production_date)] |= lot
        for (partner, day), lots in groups.items():
            if not partner or not day:
                lots.coop_certification_ids = False
                continue
            certifications = partner.sudo()._coop_valid_certifications(  # sudo: own cooperative
                day
            )
            for lot in lots:
                template = lot.product_id.product_tmpl_id
                lot.coop_certification_ids = certifications.filtered(
                    lambda c, t=template: not c.product_tmpl_ids or t in c.product_tmpl_ids
                ).sudo(False)

    @api.depends("coop_quality_check_ids.result", "coop_quality_decision")
    def _compute_coop_quality_state(self):
        for lot in self:
            state = quality.lot_state(
                lot.coop_quality_check_ids.mapped("result"), lot.coop_quality_decision
            )
            lot.coop_quality_state = state
            lot.coop_blocked = quality.is_blocked(state)

    @api.depends("name", "product_id.barcode", "coop_token")
    def _compute_coop_trace_url(self):
        base_url = self[:1].get_base_url() if self else ""
        for lot in self:
            path = lot._coop_trace_path()
            lot.coop_trace_url = base_url + path if path else False

    def _compute_coop_recall_count(self):
        counts = dict(
            self.env["coop.recall"]._read_group(
                [("lot_id", "in", self.ids)], ["lot_id"], ["__count"]
            )
        )
        for lot in self:
            lot.coop_recall_count = counts.get(lot, 0)

    def _coop_trace_path(self):
        """Path of the public trace page: GS1 Digital Link when the product has a GTIN."""
        self.ensure_one()
        gtin14 = gs1.to_gtin14(self.product_id.barcode)
        if gtin14 and gs1.lot_fits_digital_link(self.name):
            return gs1.digital_link_path(gtin14, self.name)
        token = self.sudo().coop_token  # sudo: the token is printed on the lot's own label
        return f"/t/{token}" if token else False

    # ------------------------------------------------------------------- CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.setdefault("coop_token", new_token())
        return super().create(vals_list)

    # --------------------------------------------------------------- quality

    def _coop_quarantine_if_blocked(self):
        """Move the stock of blocked lots out of sellable stock, into quarantine."""
        blocked = self.filtered("coop_blocked")
        if not blocked:
            return
        quants = (
            self.env["stock.quant"]
            .sudo()  # sudo: these blocked lots' quants only; moves are logged
            .search(
                [
                    ("lot_id", "in", blocked.ids),
                    ("location_id.usage", "=", "internal"),
                    ("location_id.coop_is_quarantine", "=", False),
                    ("quantity", ">", 0),
                ]
            )
        )
        for company, company_quants in quants.grouped("company_id").items():
            quarantine = self.env["stock.location"]._coop_quarantine_location(company)
            company_quants.move_quants(
                location_dest_id=quarantine,
                message=self.env._("Quality quarantine"),
            )

    def _coop_check_gie_manager(self):
        if not self.env.user.has_group("coop_gie.group_gie_manager"):
            raise AccessError(
                self.env._("Only a GIE manager can decide on a lot that failed its checks.")
            )

    def action_coop_release(self):
        """GIE manager's decision: accept the lot despite the failed check."""
        self._coop_check_gie_manager()
        lots = self.sudo()  # sudo: GIE manager checked above; these lots only
        lots._coop_decide("release")
        quants = (
            self.env["stock.quant"]
            .sudo()  # sudo: quants of the released lots only
            .search(
                [
                    ("lot_id", "in", lots.ids),
                    ("location_id.coop_is_quarantine", "=", True),
                    ("quantity", ">", 0),
                ]
            )
        )
        for location, location_quants in quants.grouped("location_id").items():
            warehouse = location.warehouse_id or (
                self.env["stock.warehouse"]
                .sudo()  # sudo: the location released goods go back to
                .search([("company_id", "=", location.company_id.id)], limit=1)
            )
            location_quants.move_quants(
                location_dest_id=warehouse.lot_stock_id,
                message=self.env._("Released by the GIE manager"),
            )
        return True

    def action_coop_reject(self):
        """GIE manager's decision: the lot stays blocked (to return or scrap)."""
        self._coop_check_gie_manager()
        self.sudo()._coop_decide("reject")  # sudo: as in action_coop_release
        return True

    def _coop_decide(self, decision):
        not_failed = self.filtered(lambda lot: lot.coop_quality_state != "failed")
        if not_failed:
            raise UserError(
                self.env._(
                    "Only a lot that failed a quality check and is waiting for a decision can "
                    "be released or rejected: %s",
                    ", ".join(not_failed.mapped("display_name")),
                )
            )
        self.write(
            {
                "coop_quality_decision": decision,
                "coop_quality_decision_uid": self.env.uid,  # sudo keeps the real user
                "coop_quality_decision_date": fields.Datetime.now(),
            }
        )

    # -------------------------------------------------------------- actions

    def action_coop_publish(self):
        self.write({"coop_published": True})

    def action_coop_unpublish(self):
        self.write({"coop_published": False})

    def action_coop_new_recall(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Recall"),
            "res_model": "coop.recall",
            "view_mode": "form",
            "context": {"default_lot_id": self.id},
        }

    def action_coop_open_recalls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_traceability.action_coop_recall"
        )
        action["domain"] = [("lot_id", "=", self.id)]
        action["context"] = {"default_lot_id": self.id}
        return action

    def action_coop_open_trace_page(self):
        self.ensure_one()
        if not self.coop_trace_url:
            raise UserError(self.env._("This lot has no public trace page address."))
        if not self.coop_published:
            raise UserError(
                self.env._("This lot is not published: its trace page is not public yet.")
            )
        if self.coop_blocked and not self._coop_announced_recall():
            raise UserError(
                self.env._(
                    "This lot is blocked by its quality checks: its trace page is not public "
                    "until a GIE manager releases it."
                )
            )
        return {"type": "ir.actions.act_url", "url": self.coop_trace_url, "target": "new"}

    # ---------------------------------------------------------- labels (ZPL)

    def _coop_label_dates(self):
        """(production date, best-before date) of the label, as dates."""
        self.ensure_one()
        best_before = self.use_date or self.expiration_date
        return self.coop_production_date, best_before and best_before.date()

    def _coop_label_url(self):
        """URL of the label's QR code: the trace page, once published (else it is a 404)."""
        self.ensure_one()
        return (self.coop_published and self.coop_trace_url) or ""

    @api.model
    def _coop_label_zoom(self):
        return label_zoom()

    @api.model
    def _coop_rtl_html(self, text, css_class=""):
        """A ``div`` of Arabic ``text`` that wkhtmltopdf lays out right (see lib.rtl): one
        inline block per run; text without Arabic letters stays left-to-right."""
        if not rtl.has_arabic(text):
            return Markup('<div class="%s" dir="ltr">%s</div>') % (css_class, text or "")
        word = Markup('<span class="o_coop_w">%s</span>')
        run = Markup('<span class="o_coop_r">%s</span>')
        content = Markup(" ").join(
            word % Markup("").join(run % part for part in parts) for parts in rtl.runs(text)
        )
        return Markup('<div class="%s" dir="rtl">%s</div>') % (css_class, content)

    def _coop_qr_data_uri(self):
        """SVG of the QR code of the trace URL, inline (wkhtmltopdf fetches nothing): one
        vector path, sharp at any print size (a scaled PNG gets seams between its modules
        that scanners stumble on)."""
        self.ensure_one()
        url = self._coop_label_url()
        if not url:
            return ""
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
        code.add_data(url)
        svg = code.make_image(image_factory=SvgPathFillImage).to_string()
        return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()

    def _coop_zpl(self):
        """ZPL text of this lot's label (Markup: ZPL is not HTML and must not be escaped)."""
        self.ensure_one()
        production, best_before = self._coop_label_dates()
        product = self.product_id.with_context(lang="fr_FR")
        data = zpl.LotLabel(
            product=product.name,
            cooperative=self.coop_partner_id.name or "",
            lot=self.name,
            production_date=production.strftime("%d/%m/%Y") if production else "",
            best_before=best_before.strftime("%d/%m/%Y") if best_before else "",
            net_content=product.coop_net_content or "",
            certifications=", ".join(self.coop_certification_ids.type_id.mapped("code")),
            url=self._coop_label_url(),
        )
        return Markup(zpl.label(data))

    # ------------------------------------------------------- public trace page

    @api.model
    def _coop_find_published(self, gtin=None, lot_name=None, token=None):
        """The published lot of a GS1 Digital Link (gtin + lot) or of a token, else empty.

        A lot blocked by quality (failed, or rejected by the GIE manager) is not public while
        it is blocked: lot numbers can be guessed, and no customer should hold it; but when
        customers do (a lab result that failed after delivery) and a recall was announced,
        the page stays, to tell them not to consume it.

        Runs as superuser: callers are public pages; nothing of the lot is returned but
        through ``_coop_trace_values``, which reads whitelisted fields only.
        """
        lots = self.sudo()  # sudo: see the docstring; only whitelisted fields are read
        if token:
            if not self._coop_is_lookup_text(token):
                return lots.browse()
            lot = lots.search([("coop_token", "=", token), ("coop_published", "=", True)], limit=1)
        else:
            gtin14 = gs1.to_gtin14(gtin)
            if not gtin14 or not self._coop_is_lookup_text(lot_name):
                return lots.browse()
            lot = lots.search(
                [
                    ("name", "=", lot_name),
                    ("coop_published", "=", True),
                    ("product_id.barcode", "in", gs1.gtin_candidates(gtin14)),
                ],
                limit=1,
            )
        if lot.coop_blocked and not lot._coop_announced_recall():
            return lots.browse()
        return lot

    def _coop_announced_recall(self):
        """An announced recall of this lot or of a lot it was made from (one query, with
        its date), else empty."""
        self.ensure_one()
        return self.env["coop.recall"].search_fetch(
            [("lot_ids", "in", self.ids), ("state", "in", ("notified", "done"))],
            ["date"],
            limit=1,
        )

    @api.model
    def _coop_is_lookup_text(self, value):
        """Whether a token or lot name from a URL can be looked up (PostgreSQL refuses NUL)."""
        return isinstance(value, str) and 0 < len(value) <= 64 and "\x00" not in value

    def _coop_trace_values(self, lang):
        """Whitelisted, public values of the trace page of this (sudo) lot in ``lang``.

        Only what is printed on the label or meant to be public: product, cooperative,
        dates, quality result, certifications valid at production. Never prices, customers,
        internal notes, quantities or other lots.
        """
        self.ensure_one()
        lot = self.with_context(lang=lang)
        env = lot.env
        product = lot.product_id
        partner = lot.coop_partner_id
        # one date, the label's: best before, else the expiration date (a food has a
        # best-before or a use-by date, never both; the expiry alert below warns past it)
        production, best_before = lot._coop_label_dates()
        states = dict(self._fields["coop_quality_state"]._description_selection(env))
        checks = lot.coop_quality_check_ids.filtered("measured")
        language = env["res.lang"]._lang_get(lang)
        # its reason is internal, the instructions are what customers were sent
        recall = lot._coop_announced_recall()

        def number(value):
            # "0,45" in French: the page language's decimal separator
            return language.format("%g", value, grouping=True)

        return {
            "lot_name": lot.name,
            "product_name": product.name,
            "net_content": product.coop_net_content or "",
            # cosmetics, soap, essential oils: "best used before", "do not use it"
            "food": product.coop_is_food,
            "cooperative": partner
            and {
                "name": partner.name,
                "region": partner.state_id.name or "",
                "city": partner.city or "",
                "members": partner._coop_members_text(),
                "story": partner.coop_story or "",
                "photo": _data_uri(partner.image_512),
            },
            "origin": ", ".join(filter(None, [lot.coop_origin_douar, lot.coop_origin_commune])),
            "production_date": production and format_date(env, production, lang_code=lang),
            "best_before_date": best_before and format_date(env, best_before, lang_code=lang),
            "recall": recall
            and {
                "date": format_date(env, recall.date.date(), lang_code=lang),
                # in the language they were written in when not in the page's
                "instructions": recall._coop_instructions_for(lang),
            },
            "expired": lot.product_expiry_alert,
            "quality_state": lot.coop_quality_state,
            "quality_label": states.get(lot.coop_quality_state, ""),
            "checks": [
                {
                    # "Acidité :" in French, "الحموضة:" in Arabic, as the limits after it
                    "label": env._("%(name)s:", name=check.point_id.name),
                    "value": number(check.value),
                    "unit": check.point_id.unit or "",
                    # a minimum of 0 is no lower limit (e.g. acidity)
                    "min": check.point_id.min_value and number(check.point_id.min_value),
                    "max": number(check.point_id.max_value),
                    "passed": check.result == "pass",
                }
                for check in checks
            ],
            "certifications": [
                {
                    "name": cert.type_id.name,
                    "number": cert.number or "",
                    "issuer": cert.issuer or "",
                    "badge": _data_uri(cert.type_id.image),
                }
                for cert in lot.coop_certification_ids
            ],
        }

    # ------------------------------------------------------------------ demo

    @api.model
    def _coop_demo_load(self):
        """Demo: received lots of two cooperatives, one delivered to the demo customer."""
        from ..demo import demo_flow  # pylint: disable=import-outside-toplevel

        demo_flow.load(self.env)


def _data_uri(image_base64):
    """Inline ``data:`` URI of a stored image (so the public page needs no image route)."""
    if not image_base64:
        return ""
    raw = base64.b64decode(image_base64)
    mimetype = guess_mimetype(raw, default="image/png")
    if not mimetype.startswith("image/") or mimetype == "image/svg+xml":
        return ""
    data = image_base64.decode() if isinstance(image_base64, bytes) else image_base64
    return f"data:{mimetype};base64,{data}"
