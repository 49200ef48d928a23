from odoo import models


class CoopPayoutStatementXlsx(models.AbstractModel):
    """Payout statements as a workbook: one sheet per statement, in the language of the
    cooperative (right to left in Arabic), figures as numbers."""

    _name = "report.coop_account.payout_statement_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Cooperative Payout Statement (XLSX)"

    def _coop_sheet_name(self, statement, used):
        base = (statement.partner_id.coop_code or statement.partner_id.name or "")[:16]
        name = f"{base} {statement.date_to.isoformat()}"[:31]
        index = 2
        while name.lower() in used:
            name = f"{base[:12]} {statement.date_to.isoformat()} {index}"[:31]
            index += 1
        used.add(name.lower())
        return name

    def _coop_money_format(self, currency):
        """Number format with the currency symbol quoted: unquoted, the "DH" of the dirham
        would be read as day and hour, and amounts shown as dates."""
        decimals = "0" * currency.decimal_places
        number = f"#,##0.{decimals}" if decimals else "#,##0"
        symbol = '"{}"'.format(currency.symbol.replace('"', ""))
        return f"{symbol} {number}" if currency.position == "before" else f"{number} {symbol}"

    def generate_xlsx_report(self, workbook, data, statements):
        used = set()
        formats = {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "bold": workbook.add_format({"bold": True}),
            "head": workbook.add_format({"bold": True, "bg_color": "#E8E0D0", "border": 1}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        }
        for statement in statements:
            lang = statement._coop_report_lang()
            statement = statement.with_context(lang=lang) if lang else statement
            currency = statement.currency_id
            num_format = self._coop_money_format(currency)
            formats["money"] = workbook.add_format({"num_format": num_format})
            formats["money_bold"] = workbook.add_format({"num_format": num_format, "bold": True})
            sheet = workbook.add_worksheet(self._coop_sheet_name(statement, used))
            self._coop_write_statement(sheet, statement, formats)

    def _coop_write_statement(self, sheet, statement, fmt):
        _ = statement.env._
        if (statement.env.lang or "").startswith("ar"):
            sheet.right_to_left()
        sheet.set_column(0, 0, 24)
        sheet.set_column(1, 2, 20)
        sheet.set_column(3, 5, 18)
        coop = statement.partner_id
        sheet.write(0, 0, _("Payout Statement"), fmt["title"])
        sheet.write(1, 0, _("Cooperative"), fmt["bold"])
        sheet.write(1, 1, coop.name)
        sheet.write(2, 0, _("ICE"), fmt["bold"])
        sheet.write(2, 1, coop.company_registry or "")
        sheet.write(3, 0, _("From"), fmt["bold"])
        sheet.write_datetime(3, 1, statement.date_from, fmt["date"])
        sheet.write(4, 0, _("To"), fmt["bold"])
        sheet.write_datetime(4, 1, statement.date_to, fmt["date"])

        row = 6
        report = statement._coop_report_data()
        for line in statement._coop_summary_rows(report):
            sheet.write(row, 0, line["label"], fmt["bold"])
            sheet.write_number(
                row, 1, line["amount"], fmt["money_bold" if line["bold"] else "money"]
            )
            row += 1
        for line in statement._coop_amount_words_lines():
            sheet.write(row, 0, line["label"], fmt["bold"])
            sheet.write(row, 1, line["words"])
            row += 1
        owed_now = statement._coop_owed_now_text()
        if owed_now:
            sheet.write(row, 0, owed_now, fmt["bold"])
            row += 1
        if statement.currency_id.compare_amounts(statement.balance_due, 0.0) < 0:
            owed = _("The balance is negative: the cooperative owes this amount to the GIE.")
            sheet.write(row, 0, owed, fmt["bold"])
            row += 1
        sheet.write(row, 0, _("GIE fees due by the cooperative"), fmt["bold"])
        sheet.write_number(row, 1, statement.fees_due, fmt["money"])
        row += 2

        sheet.write(row, 0, _("Bills"), fmt["title"])
        row += 1
        heads = [
            _("Date"),
            _("Number"),
            _("Reference"),
            _("Amount"),
            _("Due at period end"),
            _("Payment status"),
        ]
        sheet.write_row(row, 0, heads, fmt["head"])
        row += 1
        for bill in report["bills"]:
            sheet.write_datetime(row, 0, bill["date"], fmt["date"])
            sheet.write(row, 1, bill["name"])
            sheet.write(row, 2, bill["ref"])
            sheet.write_number(row, 3, bill["amount"], fmt["money"])
            sheet.write_number(row, 4, bill["residual"], fmt["money"])
            sheet.write(row, 5, bill["state"])
            row += 1
        sheet.write(row, 2, _("Total"), fmt["bold"])
        sheet.write_number(row, 3, statement.amount_billed, fmt["money_bold"])
        row += 2

        sheet.write(row, 0, _("Payments"), fmt["title"])
        row += 1
        heads = [_("Date"), _("Number"), _("Memo"), _("Amount"), _("Journal")]
        sheet.write_row(row, 0, heads, fmt["head"])
        row += 1
        for payment in report["payments"]:
            sheet.write_datetime(row, 0, payment["date"], fmt["date"])
            sheet.write(row, 1, payment["name"])
            sheet.write(row, 2, payment["ref"])
            sheet.write_number(row, 3, payment["amount"], fmt["money"])
            sheet.write(row, 4, payment["journal"])
            row += 1
        sheet.write(row, 2, _("Total"), fmt["bold"])
        sheet.write_number(row, 3, statement.amount_paid, fmt["money_bold"])
        row += 2
        if report["settled_since"]:
            title = _("Settled since the period")
            total = statement.amount_settled_since
            row = self._coop_write_since(
                sheet, statement, title, report["settled_since"], total, row, fmt
            )
        if report["owed_back"]:
            title = _("Owed back since the period, deducted from the payout")
            total = statement.amount_owed_back
            self._coop_write_since(sheet, statement, title, report["owed_back"], total, row, fmt)

    def _coop_write_since(self, sheet, statement, title, lines, total, row, fmt):
        """A list of documents dated after the ``statement``'s period (``lines`` of
        ``_coop_report_data``) and their ``total``; returns the row after it."""
        _ = statement.env._
        sheet.write(row, 0, title, fmt["title"])
        row += 1
        heads = [_("Date"), _("Number"), _("Reference"), _("Amount")]
        sheet.write_row(row, 0, heads, fmt["head"])
        row += 1
        for line in lines:
            sheet.write_datetime(row, 0, line["date"], fmt["date"])
            sheet.write(row, 1, line["name"])
            sheet.write(row, 2, line["ref"])
            sheet.write_number(row, 3, line["amount"], fmt["money"])
            row += 1
        sheet.write(row, 2, _("Total"), fmt["bold"])
        sheet.write_number(row, 3, total, fmt["money_bold"])
        return row + 2
