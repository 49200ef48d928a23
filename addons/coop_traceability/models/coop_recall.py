from collections import Counter

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import babel_locale_parse

from ..lib import trace, translations

RECALL_STATES = [
    ("draft", "Draft"),
    ("notified", "Customers Notified"),
    ("done", "Closed"),
    ("cancel", "Cancelled"),
]


class CoopRecall(models.Model):
    _name = "coop.recall"
    _description = "Product Recall of a Lot"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    lot_id = fields.Many2one(
        "stock.lot",
        string="Recalled Lot",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    product_id = fields.Many2one(related="lot_id.product_id", store=True)
    coop_partner_id = fields.Many2one(
        related="lot_id.coop_partner_id", store=True, string="Cooperative"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    reason = fields.Text(string="Reason", required=True)
    instructions = fields.Text(
        string="Instructions to Customers",
        translate=True,
        help="What customers should do, in the email, the SMS and on the trace page. Enter "
        "it in the language of each customer with the language button: each customer reads "
        "it in her language, and customers are not notified while their language is missing.",
    )
    date = fields.Datetime(string="Date", default=fields.Datetime.now, required=True)
    user_id = fields.Many2one("res.users", string="Responsible", default=lambda self: self.env.user)
    state = fields.Selection(RECALL_STATES, default="draft", required=True, tracking=True)
    lot_ids = fields.Many2many(
        "stock.lot",
        "coop_recall_lot_rel",
        "recall_id",
        "lot_id",
        string="Affected Lots",
        readonly=True,
        help="The recalled lot and every lot made from it, at every level.",
    )
    upstream_lot_ids = fields.Many2many(
        "stock.lot",
        "coop_recall_upstream_lot_rel",
        "recall_id",
        "lot_id",
        string="Upstream Lots",
        readonly=True,
        help="Raw-material lots the recalled lot was made from, at every level.",
    )
    line_ids = fields.One2many("coop.recall.line", "recall_id", string="Customers")
    customer_count = fields.Integer(string="Customers Reached", compute="_compute_counts")
    notified_count = fields.Integer(string="Customers Notified", compute="_compute_counts")
    open_count = fields.Integer(string="Open Follow-ups", compute="_compute_counts")

    @api.depends("line_ids.state")
    def _compute_counts(self):
        for recall in self:
            states = recall.line_ids.mapped("state")
            recall.customer_count = len(states)
            recall.notified_count = len([s for s in states if s != "to_notify"])
            recall.open_count = len([s for s in states if s in ("to_notify", "notified")])

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("coop.recall") or "/"
        recalls = super().create(vals_list)
        recalls.action_find_customers()
        return recalls

    def write(self, vals):
        """Instructions changed in another language than English: where the English text
        was only Odoo's copy of them, it stays the copy of the new text (still to
        translate), not the old text, which English readers would get instead."""
        lang = self.env.lang or translations.SOURCE_LANG
        if "instructions" not in vals or lang == translations.SOURCE_LANG:
            return super().write(vals)
        field = self._fields["instructions"]

        def english_is_a_copy(recall):
            stored = field._get_stored_translations(recall) or {}
            source = translations.SOURCE_LANG
            return translations.english_is_a_copy(
                {lang: stored.get(lang), source: stored.get(source)}
            )

        copies = self.filtered(english_is_a_copy)
        result = super().write(vals)
        copies.with_context(lang=translations.SOURCE_LANG).write(
            {"instructions": vals["instructions"]}
        )
        return result

    # ------------------------------------------------------------- tracing

    def _downstream_lots(self, lots):
        """Lots derived from ``lots`` at every level, with their level (0 = ``lots``)."""
        Lot = self.env["stock.lot"].sudo()  # sudo: tracing must see every lot and move
        MoveLine = (
            self.env["stock.move.line"].sudo()  # sudo: tracing sees every move line of the lot
        )

        def derived(lot_ids):
            made_from = Lot.search([("coop_raw_lot_ids", "in", list(lot_ids))])
            produced = MoveLine.search(
                [
                    ("lot_id", "in", list(lot_ids)),
                    ("state", "=", "done"),
                    ("produce_line_ids", "!=", False),
                ]
            ).produce_line_ids.lot_id
            return set((made_from | produced).ids)

        return trace.closure(lots.ids, derived)

    def _upstream_lots(self, lots):
        Lot = self.env["stock.lot"].sudo()  # sudo: tracing must see every lot

        def sources(lot_ids):
            return set(Lot.browse(list(lot_ids)).coop_raw_lot_ids.ids)

        return trace.closure(lots.ids, sources)

    def _deliveries(self, lot_ids):
        """Done move lines of these lots that reached a customer."""
        lines = (
            self.env["stock.move.line"]
            .sudo()  # sudo: a recall reaches every customer; shown to staff only
            .search(
                [
                    ("lot_id", "in", list(lot_ids)),
                    ("state", "=", "done"),
                    ("location_dest_id.usage", "=", "customer"),
                ],
                order="date, id",
            )
        )
        customers = {line: self._customer_of(line) for line in lines}
        return [
            trace.Delivery(
                partner_id=customers[line].id,
                lot_id=line.lot_id.id,
                picking_id=line.picking_id.id,
                quantity=line.quantity_product_uom,
            )
            for line in lines
            if customers[line]
        ]

    @api.model
    def _customer_of(self, line):
        """Who received this delivered line: the delivery's partner, except for goods a
        cooperative shipped straight to the customer, whose transfer names the cooperative."""
        if line.location_id.usage == "supplier":
            return line.move_id.partner_id or line.move_id.purchase_line_id.order_id.dest_address_id
        return line.picking_id.partner_id or line.move_id.partner_id

    def action_find_customers(self):
        """(Re)build the list of customers who received the lot or a lot made from it.

        Once notified, the customers already listed keep their follow-up; customers found
        since (e.g. of a lot made from it later) are added, to notify."""
        for recall in self:
            if recall.state not in ("draft", "notified"):
                raise UserError(
                    self.env._(
                        "The customers of a closed or cancelled recall can no longer be searched."
                    )
                )
            lot_levels = recall._downstream_lots(recall.lot_id)
            upstream = set(recall._upstream_lots(recall.lot_id)) - {recall.lot_id.id}
            impacts = trace.customers(recall._deliveries(lot_levels))
            if recall.state == "draft":
                recall.line_ids.unlink()
            lines = {line.partner_id.id: line for line in recall.line_ids}
            line_commands = []
            for impact in impacts:
                vals = {
                    "lot_ids": [fields.Command.set(sorted(impact.lot_ids))],
                    "picking_ids": [fields.Command.set(sorted(impact.picking_ids))],
                    "quantity": impact.quantity,
                }
                line = lines.get(impact.partner_id)
                line_commands.append(
                    fields.Command.update(line.id, vals)
                    if line
                    else fields.Command.create(dict(vals, partner_id=impact.partner_id))
                )
            recall.write(
                {
                    "lot_ids": [fields.Command.set(list(lot_levels))],
                    "upstream_lot_ids": [fields.Command.set(list(upstream))],
                    "line_ids": line_commands,
                }
            )
        return True

    def _coop_instructions_for(self, lang):
        """The instructions as a reader of ``lang`` reads them (the public trace page):
        ``{"text", "lang", "direction", "note"}``, the text of her language, else of the
        language they were written in (``translations.reading``: not Odoo's English copy of
        a French text, presented as English), with that language (``lang`` and ``dir`` of
        HTML, for browsers and screen readers) and, when it is not hers, a note naming it
        in hers: "(in French)". None without instructions."""
        self.ensure_one()
        recall = self.with_context(lang=lang)
        stored = self._fields["instructions"]._get_stored_translations(recall)
        text, written = translations.reading(stored, lang)
        if not text:
            return None
        locale = babel_locale_parse(written)
        return {
            "text": text,
            "lang": written.replace("_", "-"),
            "direction": "rtl" if locale.character_order == "right-to-left" else "ltr",
            "note": written != lang
            and recall.env._(
                "(in %(language)s)",
                language=locale.get_language_name(babel_locale_parse(lang)),
            ),
        }

    def _check_instructions_translated(self):
        """Refuse to notify while the instructions lack the language of customers who would
        receive them: they would read another language's (e.g. an Arabic customer, the French
        of how to get refunded)."""
        installed = dict(self.env["res.lang"].get_installed())
        field = self._fields["instructions"]
        for recall in self:
            lines = recall.line_ids.filtered(
                lambda line: (
                    line.state == "to_notify" and (line.partner_id.email or line._sms_number())
                )
            )
            customers = Counter(line._customer_lang() for line in lines)
            missing = translations.missing_langs(field._get_stored_translations(recall), customers)
            if not missing:
                continue
            languages = [
                self.env._(
                    "- %(language)s: %(count)s customer(s)",
                    language=installed.get(lang, lang),
                    count=customers[lang],
                )
                for lang in missing
            ]
            raise UserError(
                self.env._(
                    "%(recall)s: nothing was sent. The instructions to customers have no "
                    "version in the language of customers to notify:\n%(languages)s\n"
                    "Enter them in these languages with the language button of the "
                    "instructions, then notify again.",
                    recall=recall.name,
                    languages="\n".join(languages),
                )
            )

    def action_notify(self):
        """Send the recall to every customer still to notify (by email and SMS), each in her
        language; nothing is sent while the instructions lack one of their languages."""
        if self.filtered(lambda recall: recall.state not in ("draft", "notified")):
            raise UserError(self.env._("A closed or cancelled recall notifies nobody."))
        self._check_instructions_translated()
        for recall in self:
            lines = recall.line_ids.filtered(lambda line: line.state == "to_notify")
            lines._notify()
            recall.state = "notified"
            recall.message_post(
                body=self.env._(
                    "Recall sent to %(count)s customer(s) (%(emails)s email(s), %(sms)s SMS).",
                    count=len(lines),
                    emails=len(lines.filtered("email_sent")),
                    sms=len(lines.filtered("sms_id")),
                )
            )
        return True

    def action_close(self):
        self.write({"state": "done"})
        return True

    def action_cancel(self):
        self.write({"state": "cancel"})
        return True

    def action_reset_draft(self):
        self.filtered(lambda r: r.state == "cancel").write({"state": "draft"})
        return True
