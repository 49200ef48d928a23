from odoo import api, fields, models

LINE_STATES = [
    ("to_notify", "To Notify"),
    ("notified", "Notified"),
    ("acknowledged", "Acknowledged"),
    ("returned", "Products Returned"),
    ("unreachable", "Unreachable"),
]


class CoopRecallLine(models.Model):
    _name = "coop.recall.line"
    _description = "Customer of a Product Recall"
    _order = "recall_id, id"

    recall_id = fields.Many2one("coop.recall", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True)
    email = fields.Char(related="partner_id.email")
    mobile = fields.Char(related="partner_id.mobile")
    phone = fields.Char(related="partner_id.phone")
    lot_ids = fields.Many2many(
        "stock.lot", "coop_recall_line_lot_rel", "line_id", "lot_id", string="Lots Received"
    )
    picking_ids = fields.Many2many(
        "stock.picking",
        "coop_recall_line_picking_rel",
        "line_id",
        "picking_id",
        string="Deliveries",
    )
    quantity = fields.Float(string="Quantity Received", digits="Product Unit of Measure")
    state = fields.Selection(LINE_STATES, default="to_notify", required=True, string="Follow-up")
    email_sent = fields.Boolean(string="Email Sent", readonly=True)
    sms_id = fields.Many2one("sms.sms", string="SMS", readonly=True, ondelete="set null")
    sms_state = fields.Selection(related="sms_id.state", string="SMS Status")
    notified_date = fields.Datetime(string="Notified On", readonly=True)
    note = fields.Char(string="Follow-up Note")

    def _sms_number(self):
        """Number of the customer in E.164, picked as Odoo's SMS does: her mobile, else her
        phone (the shop's checkout asks for a phone only); False when none is valid."""
        self.ensure_one()
        partner = self.partner_id
        return partner._sms_get_recipients_info(partner_fallback=False)[partner.id]["sanitized"]

    def _customer_lang(self):
        """Language of the customer's email and SMS: hers, else the sender's (as the email
        template, whose language is hers, falls back to the sender's)."""
        self.ensure_one()
        return self.partner_id.lang or self.env.lang or "en_US"

    def _recall_advice(self):
        """What the customer is asked, in her language: food is not consumed, a cosmetic,
        a soap or an oil for the skin is not used (the email and the SMS)."""
        self.ensure_one()
        env = self.with_context(lang=self._customer_lang()).env
        if self.recall_id.product_id.coop_is_food:
            return env._("This lot is recalled: please do not consume it.")
        return env._("This lot is recalled: please do not use it.")

    def _sms_body(self):
        self.ensure_one()
        env = self.with_context(lang=self._customer_lang()).env
        recall = self.recall_id.with_env(env)
        lots = ", ".join(self.lot_ids.mapped("name"))
        body = env._(
            "%(company)s: recall of %(product)s, lot %(lots)s. %(advice)s %(what)s",
            company=recall.company_id.name,
            product=recall.product_id.name,
            lots=lots,
            advice=self._recall_advice(),
            what=recall.instructions or "",
        )
        return body.strip()

    def _notify(self):
        """Queue the email (template) and the SMS of these lines; mark them notified."""
        template = self.env.ref("coop_traceability.mail_template_coop_recall")
        with_email = self.filtered(lambda line: line.partner_id.email)
        if with_email:
            template.send_mail_batch(with_email.ids)
        sms_vals, sms_lines = [], []
        for line in self:
            number = line._sms_number()
            if number:
                sms_vals.append(
                    {"number": number, "body": line._sms_body(), "partner_id": line.partner_id.id}
                )
                sms_lines.append(line)
        sms_records = (
            self.env["sms.sms"]
            .sudo()  # sudo: the SMS queue is technical
            .create(sms_vals)
        )
        for line, sms in zip(sms_lines, sms_records, strict=True):
            line.sms_id = sms.id
        with_email.write({"email_sent": True})
        self.write({"state": "notified", "notified_date": fields.Datetime.now()})

    def action_acknowledged(self):
        self.write({"state": "acknowledged"})

    def action_returned(self):
        self.write({"state": "returned"})

    def action_unreachable(self):
        self.write({"state": "unreachable"})

    @api.depends("partner_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.recall_id.name} - {line.partner_id.display_name}"
