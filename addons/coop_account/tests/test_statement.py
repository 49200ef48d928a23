import io
import resource
from contextlib import contextmanager
from datetime import date, timedelta

import openpyxl
from lxml import etree

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.pdf import OdooPdfFileReader
from odoo.tools.safe_eval import safe_eval

from .common import CoopAccountCase


@contextmanager
def wkhtmltopdf_address_space():
    """wkhtmltopdf inherits the address-space limit Odoo sets from ``limit_memory_hard``;
    its Qt WebKit crashes (SIGSEGV) under about 1 GiB, and config/odoo.conf sets 768 MiB.
    Lift the soft limit while rendering so that this test checks our report, not the
    server's configuration (which must allow it in production too)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft != resource.RLIM_INFINITY and soft < 4 * 1024**3:
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@tagged("post_install", "-at_install")
class TestPayoutStatement(CoopAccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.day = cls.today.replace(day=15)
        cls.date_from = cls.today.replace(day=1)
        cls.date_to = cls.date_from + timedelta(days=27)
        cls.before = cls.date_from - timedelta(days=5)

    def _statement(self, coop=None, date_from=None, date_to=None):
        return self.env["coop.payout.statement"].create(
            {
                "partner_id": (coop or self.coop_a).id,
                "date_from": date_from or self.date_from,
                "date_to": date_to or self.date_to,
            }
        )

    def _pay(self, bills, amount=None, date=None):
        wizard = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=bills.ids)
            .create({"payment_date": date or self.day, **({"amount": amount} if amount else {})})
        )
        return wizard._create_payments()

    def _ledger_balance(self, coop, date_to):
        lines = self.env["account.move.line"].search(
            [
                ("partner_id", "=", coop.id),
                ("account_id.account_type", "=", "liability_payable"),
                ("parent_state", "=", "posted"),
                ("date", "<=", date_to),
            ]
        )
        return -sum(lines.mapped("balance"))

    def test_only_cooperatives_get_a_statement(self):
        customer = self.env["res.partner"].create({"name": "Boutique Agadir"})
        with self.assertRaises(ValidationError) as error:
            self._statement(customer)
        self.assertIn("Boutique Agadir is not a cooperative: payout", str(error.exception))

    def test_title_dates_in_the_readers_format(self):
        """A statement is titled with its dates as its reader writes them, not ISO."""
        self.env["res.lang"]._activate_lang("fr_FR")
        statement = self._statement(date_from=date(2026, 12, 1), date_to=date(2026, 12, 31))
        who = self.coop_a.coop_code or self.coop_a.name
        for lang, dates in (
            ("fr_FR", "01/12/2026 – 31/12/2026"),
            ("en_US", "12/01/2026 – 12/31/2026"),
        ):
            with self.subTest(lang=lang):
                self.assertEqual(statement.with_context(lang=lang).display_name, f"{who} {dates}")

    def test_statement_totals_equal_the_ledger(self):
        old = self._quick_bill(self.coop_a, 1000.0, date=self.before)
        self._pay(old, amount=400.0, date=self.before)
        bill1 = self._quick_bill(self.coop_a, 250.0, date=self.day)
        bill2 = self._quick_bill(self.coop_a, 150.0, date=self.day)
        refund = bill2._reverse_moves([{"invoice_date": self.day, "date": self.day}])
        refund.invoice_line_ids.price_unit = 50.0
        refund.action_post()
        self._pay(bill1, date=self.day)
        self._quick_bill(self.coop_a, 999.0, date=self.date_to + timedelta(days=3))  # after
        self._quick_bill(self.coop_b, 777.0, date=self.day)  # someone else
        self._quick_bill(self.coop_a, 555.0, date=self.day, post=False)  # draft

        statement = self._statement()
        self.assertEqual(statement.opening_balance, 600.0)
        self.assertEqual(statement.amount_billed, 350.0, "250 + 150 - refund 50")
        self.assertEqual(statement.amount_paid, 250.0)
        self.assertEqual(statement.amount_other, 0.0)
        self.assertEqual(statement.balance_due, 700.0)
        self.assertEqual(statement.balance_due, self._ledger_balance(self.coop_a, self.date_to))
        self.assertEqual(
            statement.opening_balance + statement.amount_billed - statement.amount_paid,
            statement.balance_due,
        )
        self.assertEqual(statement.bill_ids, bill1 | bill2 | refund)
        self.assertEqual(statement.payment_ids.mapped("amount"), [250.0])
        # what is due is what the open bills still ask
        open_bills = self.env["account.move"].search(
            [
                ("partner_id", "=", self.coop_a.id),
                ("state", "=", "posted"),
                ("date", "<=", self.date_to),
                ("move_type", "in", ("in_invoice", "in_refund")),
            ]
        )
        self.assertEqual(-sum(open_bills.mapped("amount_residual_signed")), 700.0)

        # an adjustment on her payable account shows as "other entries", still balanced
        journal = self.env["account.journal"].search(
            [("type", "=", "general"), ("company_id", "=", self.company.id)], limit=1
        )
        payable = self.coop_a.property_account_payable_id
        adjustment = self.env["account.move"].create(
            {
                "journal_id": journal.id,
                "date": self.day,
                "line_ids": [
                    Command.create(
                        {"account_id": payable.id, "partner_id": self.coop_a.id, "debit": 30.0}
                    ),
                    Command.create({"account_id": self._account("611100").id, "credit": 30.0}),
                ],
            }
        )
        adjustment.action_post()
        statement.invalidate_recordset()
        self.assertEqual(statement.amount_other, -30.0)
        self.assertEqual(statement.balance_due, 670.0)
        self.assertEqual(statement.balance_due, self._ledger_balance(self.coop_a, self.date_to))

    def test_statements_in_batch_and_query_count(self):
        for coop in (self.coop_a, self.coop_b):
            self._quick_bill(coop, 100.0, date=self.day)
        statements = self.env["coop.payout.statement"]._coop_create_for_period(
            self.date_from, self.date_to
        )
        self.assertIn(self.coop_a, statements.partner_id)
        self.assertIn(self.coop_b, statements.partner_id)
        # idempotent
        again = self.env["coop.payout.statement"]._coop_create_for_period(
            self.date_from, self.date_to
        )
        self.assertEqual(again, statements)
        statements.invalidate_recordset()
        self.env.invalidate_all()
        # the figures of any number of statements of a period come from a fixed number of
        # queries
        with self.assertQueryCount(__system__=10):
            statements.mapped("balance_due")

    def test_constraints(self):
        with self.assertRaises(ValidationError):
            self._statement(coop=self.customer)
        with self.assertRaises(UserError):
            self.env["coop.payout.statement.generate"].create(
                {"date_from": self.date_to, "date_to": self.date_from}
            ).action_generate()

    def test_clearing_the_company_on_a_new_statement(self):
        self._quick_bill(self.coop_a, 100.0, date=self.day)
        form = Form(self.env["coop.payout.statement"])
        form.partner_id = self.coop_a
        form.date_from = self.date_from
        form.date_to = self.date_to
        self.assertEqual(form.balance_due, 100.0)
        form.company_id = self.env["res.company"]
        self.assertEqual(form.balance_due, 0.0)

    def test_generate_wizard(self):
        self._quick_bill(self.coop_b, 100.0, date=self.day)
        action = (
            self.env["coop.payout.statement.generate"]
            .create(
                {
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                    "partner_ids": [Command.set(self.coop_b.ids)],
                }
            )
            .action_generate()
        )
        statement = self.env["coop.payout.statement"].search(action["domain"])
        self.assertEqual(statement.partner_id, self.coop_b)
        self.assertEqual(statement.balance_due, 100.0)

    def test_pay_several_cooperatives_at_once(self):
        bills_a = self._quick_bill(self.coop_a, 100.0, date=self.day) | self._quick_bill(
            self.coop_a, 50.0, date=self.day
        )
        bill_b = self._quick_bill(self.coop_b, 80.0, date=self.day)
        self._quick_bill(self.coop_b, 70.0, date=self.date_to + timedelta(days=2))  # later
        statements = self._statement(self.coop_a) | self._statement(self.coop_b)
        action = statements.action_pay()
        self.assertEqual(action["res_model"], "account.payment.register")
        wizard = (
            self.env["account.payment.register"]
            .with_context(**action["context"])
            .create({"payment_date": self.date_to})
        )
        payments = wizard._create_payments()
        self.assertEqual(len(payments), 2, "one payment per cooperative")
        by_partner = {p.partner_id: p.amount for p in payments}
        self.assertEqual(by_partner, {self.coop_a: 150.0, self.coop_b: 80.0})
        self.assertEqual(set((bills_a | bill_b).mapped("payment_state")), {"paid"})
        statements.invalidate_recordset()
        self.assertEqual(statements.mapped("balance_due"), [0.0, 0.0])
        self.assertEqual(statements[1].amount_paid, 80.0)
        with self.assertRaisesRegex(UserError, "Nothing is due"):
            statements.action_pay()

    def _advance(self, coop, amount, date=None):
        """An outbound payment to ``coop``, matched with no bill."""
        payment = self.env["account.payment"].create(
            {
                "payment_type": "outbound",
                "partner_type": "supplier",
                "partner_id": coop.id,
                "amount": amount,
                "date": date or self.day,
            }
        )
        payment.action_post()
        return payment

    def test_pay_deducts_advances_and_skips_overpaid_cooperatives(self):
        bills_a = self._quick_bill(self.coop_a, 500.0, date=self.day) | self._quick_bill(
            self.coop_a, 250.0, date=self.day
        )
        self._advance(self.coop_a, 100.0)
        self._quick_bill(self.coop_b, 100.0, date=self.day)
        self._advance(self.coop_b, 365.44)
        statement_a, statement_b = self._statement(self.coop_a), self._statement(self.coop_b)
        self.assertEqual(statement_a.balance_due, 650.0)
        self.assertAlmostEqual(statement_b.balance_due, -265.44)
        # nothing is due to an overpaid cooperative
        with self.assertRaisesRegex(UserError, "Nothing is due"):
            statement_b.action_pay()
        action = (statement_a | statement_b).action_pay()
        wizard = (
            self.env["account.payment.register"]
            .with_context(**action["context"])
            .create({"payment_date": self.date_to})
        )
        self.assertEqual(wizard.amount, 650.0, "what the statement says is due")
        self.assertEqual(statement_a.amount_to_pay, 650.0)
        self.assertEqual(statement_b.amount_to_pay, 0.0, "overpaid")
        payments = wizard._create_payments()
        self.assertEqual({p.partner_id: p.amount for p in payments}, {self.coop_a: 650.0})
        self.assertEqual(set(bills_a.mapped("payment_state")), {"paid"})
        (statement_a | statement_b).invalidate_recordset()
        self.assertEqual(statement_a.balance_due, 0.0)
        self.assertAlmostEqual(statement_b.balance_due, -265.44)

    def test_opening_pay_cooperatives_changes_nothing_until_confirmed(self):
        bank = self.env["res.partner.bank"].create(
            {"acc_number": "MA64 0111 1100 0012 3456 7890 1234", "partner_id": self.coop_a.id}
        )
        bills_a = self._quick_bill(self.coop_a, 500.0, date=self.day) | self._quick_bill(
            self.coop_a, 250.0, date=self.day
        )
        bill_b = self._quick_bill(self.coop_b, 80.0, date=self.day)
        contact_b = self.env["res.partner"].create({"name": "Fatima", "parent_id": self.coop_b.id})
        advances = (
            self._advance(self.coop_a, 100.0) | self._advance(contact_b, 30.0)
        ).move_id.line_ids.filtered(lambda line: line.account_type == "liability_payable")
        statements = self._statement(self.coop_a) | self._statement(self.coop_b)

        def unchanged():
            self.env.invalidate_all()
            self.assertEqual((bills_a | bill_b).mapped("amount_residual"), [500.0, 250.0, 80.0])
            self.assertEqual(set((bills_a | bill_b).mapped("payment_state")), {"not_paid"})
            self.assertEqual(advances.mapped("amount_residual"), [100.0, 30.0])

        # opened as the UI does, then discarded
        action = statements[0].action_pay()
        wizard = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertEqual(wizard.amount, 650.0, "what her statement says is due")
        unchanged()
        action = statements.action_pay()
        wizard = Form(self.env[action["res_model"]].with_context(**action["context"]))
        unchanged()
        # confirmed: their advances are deducted and matched with their bills, which are paid
        wizard.payment_date = self.date_to
        wizard.save().action_create_payments()
        self.assertEqual(advances.mapped("reconciled"), [True, True])
        self.assertEqual(set((bills_a | bill_b).mapped("payment_state")), {"paid"})
        payments = (bills_a | bill_b).matched_payment_ids - advances.payment_id
        self.assertEqual(
            {p.partner_id: (p.amount, p.payment_type) for p in payments},
            {self.coop_a: (650.0, "outbound"), self.coop_b: (50.0, "outbound")},
        )
        self.assertEqual(payments.partner_bank_id, bank, "her bank account, as on her bills")
        statements.invalidate_recordset()
        self.assertEqual(statements.mapped("balance_due"), [0.0, 0.0])

    def test_negative_balance_in_words_says_the_cooperative_owes(self):
        self._quick_bill(self.coop_b, 100.0, date=self.day)
        self._advance(self.coop_b, 365.44)
        statement = self._statement(self.coop_b)
        self.assertAlmostEqual(statement.balance_due, -265.44)
        fr = self.currency.with_context(lang="fr_FR").amount_to_text(265.44)
        self.assertEqual(fr, "Deux Cent Soixante-Cinq Dirhams et Quarante-Quatre Centimes")
        # the words keep the sign, in both languages
        self.assertIn(fr, statement.coop_amount_words_fr)
        self.assertNotEqual(statement.coop_amount_words_fr, fr)
        ar = self.currency.with_context(lang="ar_001").amount_to_text(265.44)
        self.assertIn(ar, statement.coop_amount_words_ar)
        self.assertNotEqual(statement.coop_amount_words_ar, ar)
        self.assertEqual(
            [line["words"] for line in statement._coop_amount_words_lines()],
            [statement.coop_amount_words_fr, statement.coop_amount_words_ar],
        )
        owed = "the cooperative owes this amount to the GIE"
        self.coop_b.lang = "en_US"
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "coop_account.report_payout_statement", statement.ids
        )
        self.assertIn(owed, html.decode())
        self.assertIn(statement.coop_amount_words_fr, html.decode())
        content, _fmt = self.env["ir.actions.report"]._render(
            "coop_account.action_report_payout_statement_xlsx", statement.ids
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
        self.assertTrue(any(owed in str(value) for value in values))
        self.assertIn(statement.coop_amount_words_fr, values)
        # a positive balance reads as before
        statement_a = self._statement(self.coop_a)
        self._quick_bill(self.coop_a, 265.44, date=self.day)
        statement_a.invalidate_recordset()
        self.assertEqual(statement_a.coop_amount_words_fr, fr)
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "coop_account.report_payout_statement", statement_a.ids
        )
        self.assertNotIn(owed, html.decode())

    def test_statement_in_words_counts_dirhams_in_french(self):
        """Dirhams in the plural from two on, as French writes them ("Mille Deux Cents
        Dirham" before), the singular below; the Arabic words keep "درهم"."""
        self._quick_bill(self.coop_a, 1200.0, date=self.day)
        statement = self._statement(self.coop_a)
        self.assertEqual(statement.balance_due, 1200.0)
        self.assertEqual(statement.coop_amount_words_fr, "Mille Deux Cents Dirhams")
        self.assertTrue(statement.coop_amount_words_ar.endswith(" درهم"))
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "coop_account.report_payout_statement", statement.ids
        )
        self.assertIn("Mille Deux Cents Dirhams", html.decode())
        self._advance(self.coop_a, 1198.99)
        statement.invalidate_recordset()
        self.assertEqual(statement.coop_amount_words_fr, "Un Dirham et Un Centime")
        self._advance(self.coop_a, 1.01)
        statement.invalidate_recordset()
        self.assertEqual(statement.coop_amount_words_fr, "Zéro Dirham")

    def test_pdf_columns_and_empty_lists_in_arabic(self):
        """wkhtmltopdf draws Arabic wider than it measures it: the statement's columns have
        set widths (a bill number does not run into the date) and "no payment" is a line
        laid out run by run, not a cell spanning the columns (drawn past the margin)."""
        self._quick_bill(self.coop_a, 1250.5, date=self.day).ref = "BL-TAO-2026-0042"
        advance = self._advance(self.coop_a, 100.0, date=self.date_to + timedelta(days=1))
        statement = self._statement()

        def render(lang):
            self.coop_a.lang = lang
            html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
                "coop_account.report_payout_statement", statement.ids
            )
            return etree.fromstring(html, etree.HTMLParser())

        page = render("ar_001")
        self.assertFalse(page.xpath("//td[@colspan]"))
        for name, columns in (("bills", 6), ("payments", 0), ("owed_back", 4)):
            headers = page.xpath(f"//table[@name='{name}']//th")
            self.assertEqual(len(headers), columns, name)  # no payment: no table
            self.assertTrue(all("width" in th.get("style", "") for th in headers))
        [number] = page.xpath("//table[@name='bills']/tbody/tr/td[2]/span")
        self.assertEqual((number.text, number.get("dir")), (statement.bill_ids.name, "ltr"))
        [number] = page.xpath("//table[@name='owed_back']/tbody/tr/td[2]/span")
        self.assertEqual((number.text, number.get("dir")), (advance.name, "ltr"))
        # the owed-back row of the summary and the heading of its list: run by run
        for xpath, text in (
            (
                "//td[contains(@class, 'coop_owed_back_label')]",
                "المستحق على التعاونية منذ الفترة، المخصوم من الأداء (-)",
            ),
            (
                "//h5[contains(@class, 'coop_owed_back_title')]",
                "المستحق على التعاونية منذ الفترة، المخصوم من الأداء",
            ),
        ):
            [line] = page.xpath(f"{xpath}/div[@dir='rtl']")
            words = [
                "".join(word.xpath("span[contains(@class, 'o_coop_r')]/text()"))
                for word in line.xpath("span[contains(@class, 'o_coop_w')]")
            ]
            self.assertEqual(" ".join(words), text)
        [label] = page.xpath("//td[contains(@class, 'coop_owed_back_label')]")
        self.assertIn("width", label.get("style"))
        [empty] = page.xpath("//div[contains(@class, 'coop_no_payment')]/div[@dir='rtl']")
        runs = empty.xpath(".//span[contains(@class, 'o_coop_r')]/text()")
        self.assertEqual(" ".join(runs).replace(" .", "."), "لا يوجد أي أداء في هذه الفترة.")
        self.assertIn(".", runs, "the full stop measured on its own")

        page = render("fr_FR")
        [empty] = page.xpath("//div[contains(@class, 'coop_no_payment')]/div[@dir='ltr']")
        self.assertEqual(empty.text, "Aucun paiement sur cette période.")
        [label] = page.xpath("//td[contains(@class, 'coop_owed_back_label')]/div[@dir='ltr']")
        self.assertEqual(
            label.text, "Dû par la coopérative depuis la période, déduit du versement (-)"
        )

    def test_pdf_and_xlsx(self):
        self._quick_bill(self.coop_a, 1250.5, date=self.day)
        statement = self._statement()
        self.coop_a.lang = "ar_001" if self.env["res.lang"]._get_code("ar_001") else "en_US"
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "coop_account.report_payout_statement", statement.ids
        )
        text = self._printed_text(html)
        html = html.decode()
        self.assertIn(self.coop_a.name, html)
        self.assertIn(self.coop_a.company_registry, html)
        self.assertIn(statement.coop_amount_words_fr, text)
        self.assertIn(statement.coop_amount_words_ar, text)
        self.assertIn("1,250.50", html.replace("\u202f", ",").replace("\xa0", ","))
        if self.coop_a.lang == "ar_001":
            self.assertIn("كشف", html, "the statement in the cooperative's language")
        # in the right-to-left page too, an amount reads "-840.00 DH", not "DH 840.00-"
        [balance] = etree.fromstring(html, etree.HTMLParser()).xpath(
            "//span[contains(@class, 'coop_balance_due')]"
        )
        self.assertEqual(balance.get("dir"), "ltr")
        with wkhtmltopdf_address_space():
            pdf, fmt = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf("coop_account.report_payout_statement", statement.ids)
            )
        self.assertEqual(fmt, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        # several statements at once (after a payout): one PDF, a page each
        other = self._statement(coop=self.coop_b)
        with wkhtmltopdf_address_space():
            pdf, fmt = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf("coop_account.report_payout_statement", (statement | other).ids)
            )
        self.assertEqual(fmt, "pdf")
        self.assertEqual(len(OdooPdfFileReader(io.BytesIO(pdf), strict=False).pages), 2)

        content, fmt = self.env["ir.actions.report"]._render(
            "coop_account.action_report_payout_statement_xlsx", statement.ids
        )
        self.assertEqual(fmt, "xlsx")
        book = openpyxl.load_workbook(io.BytesIO(content))
        sheet = book.worksheets[0]
        values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
        self.assertIn(1250.5, values)
        self.assertIn(statement.coop_amount_words_ar, values)
        self.assertIn(statement.coop_amount_words_fr, values)
        self.assertEqual(sheet.sheet_view.rightToLeft, self.coop_a.lang == "ar_001")
        money_cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == 1250.5]
        self.assertIn('"DH"', money_cells[0].number_format, "the symbol is not read as a date")

    def test_pdf_and_xlsx_use_the_same_labels(self):
        """The rows of the balance read the same in the PDF and the XLSX, in each language;
        a payment status has no trailing space; the file is named after the period."""
        self._quick_bill(self.coop_a, 300.0, date=self.day)
        self._advance(self.coop_a, 100.0, date=self.date_to + timedelta(days=1))
        statement = self._statement()
        Report = self.env["ir.actions.report"]
        for lang, billed, due in (
            ("ar_001", "ما فوترته التعاونية (+)", "الرصيد المستحق للتعاونية"),
            ("fr_FR", "Facturé par la coopérative (+)", "Solde dû à la coopérative"),
        ):
            self.env["res.lang"]._activate_lang(lang)
            self.coop_a.lang = lang
            html, _fmt = Report._render_qweb_html(
                "coop_account.report_payout_statement", statement.ids
            )
            page = etree.fromstring(html, etree.HTMLParser())
            pdf_labels = [
                "".join(td.itertext()).strip()
                for td in page.xpath("//table[@name='summary']//tr/td[1]")
            ]
            content, _fmt = Report._render(
                "coop_account.action_report_payout_statement_xlsx", statement.ids
            )
            sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
            xlsx_labels = [row[0].value for row in sheet.iter_rows(min_row=7, max_row=14)]
            self.assertIn(billed, pdf_labels)
            self.assertIn(due, pdf_labels)
            # the owed-back label of the PDF is laid out word by word
            self.assertEqual(
                [" ".join(label.split()) for label in pdf_labels],
                [" ".join(label.split()) for label in xlsx_labels[: len(pdf_labels)]],
            )
            statuses = [
                row[5].value for row in sheet.iter_rows() if row[1].value == statement.bill_ids.name
            ]
            self.assertEqual(statuses, [statuses[0].strip()], "no trailing space")
        action = self.env.ref("coop_account.action_report_payout_statement")
        self.assertEqual(
            safe_eval(action.print_report_name, {"object": statement}),
            f"CPA {self.date_from.isoformat()} – {self.date_to.isoformat()}",
        )

    def test_two_payouts_opened_together_pay_once(self):
        bill_a = self._quick_bill(self.coop_a, 96.0, date=self.day)
        bill_b = self._quick_bill(self.coop_b, 80.0, date=self.day)
        statement_a, statement_b = self._statement(self.coop_a), self._statement(self.coop_b)

        def wizard(statements):
            action = statements.action_pay()
            return (
                self.env["account.payment.register"]
                .with_context(**action["context"])
                .create({"payment_date": self.date_to})
            )

        # two accountants open Pay Cooperatives before either confirms
        first, second, both = (
            wizard(statement_a),
            wizard(statement_a),
            wizard(statement_a | statement_b),
        )
        first._create_payments()
        for late in (second, both):
            with self.assertRaisesRegex(UserError, f"paid since it was opened \\({bill_a.name}\\)"):
                late._create_payments()
        payments = self.env["account.payment"].search(
            [("partner_id", "in", (self.coop_a | self.coop_b).ids)]
        )
        self.assertEqual(payments.mapped("amount"), [96.0], "paid once")
        self.assertEqual(bill_a.payment_state, "paid")
        # opened again, the payout pays what is still due: the other cooperative's bill
        wizard(statement_a | statement_b)._create_payments()
        self.assertEqual(bill_b.payment_state, "paid")
        (statement_a | statement_b).invalidate_recordset()
        self.assertEqual((statement_a | statement_b).mapped("balance_due"), [0.0, 0.0])
        self.assertEqual(statement_a.amount_paid, 96.0)

    def test_settled_since_explains_what_is_left_to_pay(self):
        """A period's statement reprinted later: what was due at its end, less what was
        settled since (payments, credit notes matched with its bills; an advance of the
        period used up by a later bill counts the other way), less what she owes back
        since, is what is left to pay now."""
        after = self.date_to + timedelta(days=1)
        bill = self._quick_bill(self.coop_a, 500.0, date=self.day)
        advance = self._advance(self.coop_a, 100.0, date=self.day)
        self._pay(bill, amount=300.0, date=after)
        later_bill = self._quick_bill(self.coop_a, 80.0, date=after)
        (advance.move_id.line_ids | later_bill.line_ids).filtered(
            lambda line: line.account_id.account_type == "liability_payable"
        ).reconcile()
        refund = self._quick_bill(self.coop_a, 50.0, date=after, post=False)
        refund.action_switch_move_type()  # a credit note of 50
        refund.action_post()
        statement = self._statement()
        self.assertEqual(statement.balance_due, 400.0, "500 billed, 100 advanced")
        # 300 paid on the bill since; 80 of the advance used up by the later bill
        self.assertEqual(statement.amount_settled_since, 220.0)
        self.assertEqual(statement.amount_owed_back, 50.0, "the credit note, not matched")
        self.assertEqual(statement.amount_to_pay, 130.0)
        self.assertEqual(
            statement.balance_due - statement.amount_settled_since - statement.amount_owed_back,
            statement.amount_to_pay,
        )
        report = statement._coop_report_data()
        self.assertEqual([row["residual"] for row in report["bills"]], [500.0], "at its end")
        self.assertEqual(sorted(row["amount"] for row in report["settled_since"]), [-80.0, 300.0])
        # the closed period's own figures do not move
        self.assertEqual((statement.amount_billed, statement.amount_paid), (500.0, 100.0))
        self.assertFalse(statement._coop_owed_now_text())
        # a credit note of 200 more: she now owes the GIE 70, which the statement says
        refund = self._quick_bill(self.coop_a, 200.0, date=after, post=False)
        refund.action_switch_move_type()
        refund.action_post()
        statement.invalidate_recordset()
        self.assertEqual((statement.amount_owed_back, statement.amount_to_pay), (250.0, 0.0))
        owed_now = statement.with_context(lang="en_US")._coop_owed_now_text()
        self.assertIn("the cooperative owes the GIE 70.00", owed_now)

    def test_payment_dated_in_a_locked_month_counts_where_it_is_booked(self):
        """Last month is closed (locked): a payment dated in it is booked (its journal
        entry) in this month, and counted there, as the ledger does; the closed month's
        statement does not change."""
        date_to = self.date_from - timedelta(days=1)
        date_from = date_to.replace(day=1)
        bill = self._quick_bill(self.coop_a, 54.0, date=date_to)
        self.company.fiscalyear_lock_date = date_to
        payment = self._pay(bill, date=date_to)
        self.assertEqual(payment.date, date_to)
        booked = payment.move_id.date
        self.assertGreater(booked, date_to, "booked after the lock date")

        closed = self._statement(date_from=date_from, date_to=date_to)
        self.assertEqual(
            (closed.amount_billed, closed.amount_paid, closed.amount_other, closed.balance_due),
            (54.0, 0.0, 0.0, 54.0),
        )
        self.assertEqual(closed.balance_due, self._ledger_balance(self.coop_a, date_to))
        self.assertFalse(closed.payment_ids)
        current = self._statement(date_from=self.date_from, date_to=booked)
        self.assertEqual(
            (current.opening_balance, current.amount_paid, current.amount_other),
            (54.0, 54.0, 0.0),
        )
        self.assertEqual(current.balance_due, 0.0)
        self.assertEqual(current.balance_due, self._ledger_balance(self.coop_a, booked))
        self.assertEqual(current.payment_ids, payment)
        self.assertEqual(
            [row["date"] for row in current._coop_report_data()["payments"]],
            [booked],
            "the date of its journal entry",
        )
