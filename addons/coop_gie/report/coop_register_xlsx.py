from odoo import fields, models


class CoopRegisterXlsx(models.AbstractModel):
    """Register of the GIE: one row per cooperative, one sheet of certifications."""

    _name = "report.coop_gie.register_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "GIE Register (XLSX)"

    def _register_columns(self):
        _ = self.env._
        return [
            _("Code"),
            _("Cooperative"),
            _("Region"),
            _("Province"),
            _("Membership State"),
            _("Eligible to Sell"),
            _("Why Not Eligible"),
            _("Members"),
            _("Women Members"),
            _("Valid Certifications"),
            _("Mobile"),
        ]

    def generate_xlsx_report(self, workbook, data, partners):
        _ = self.env._
        partners = partners.filtered("is_cooperative").sorted("coop_code")
        bold = workbook.add_format({"bold": True, "bg_color": "#E8E0D0", "border": 1})
        date_fmt = workbook.add_format({"num_format": "yyyy-mm-dd"})
        states = dict(self.env["coop.membership"]._fields["state"]._description_selection(self.env))
        cert_states = dict(
            self.env["coop.certification"]._fields["state"]._description_selection(self.env)
        )
        today = fields.Date.context_today(self)
        yes, no = _("Yes"), _("No")

        sheet = workbook.add_worksheet(_("Cooperatives"))
        if self.env.context.get("lang", "").startswith("ar"):
            sheet.right_to_left()
        for col, title in enumerate(self._register_columns()):
            sheet.write(0, col, title, bold)
        sheet.set_column(0, 0, 8)
        sheet.set_column(1, 1, 40)
        sheet.set_column(2, 10, 18)
        for row, partner in enumerate(partners, start=1):
            valid = partner._coop_valid_certifications(today)
            sheet.write_row(
                row,
                0,
                [
                    partner.coop_code or "",
                    partner.name,
                    partner.state_id.name or "",
                    partner.coop_province or "",
                    states.get(partner.coop_membership_state, ""),
                    yes if partner.coop_eligible else no,
                    partner.coop_ineligible_reason or "",
                    partner.coop_member_count,
                    partner.coop_women_count,
                    ", ".join(valid.type_id.mapped("name")),
                    partner.mobile or "",
                ],
            )
        sheet.freeze_panes(1, 2)

        certs_sheet = workbook.add_worksheet(_("Certifications"))
        headers = [
            _("Code"),
            _("Cooperative"),
            _("Type"),
            _("Number"),
            _("Issuer"),
            _("Valid From"),
            _("Valid Until"),
            _("State"),
            _("Valid Today"),
        ]
        for col, title in enumerate(headers):
            certs_sheet.write(0, col, title, bold)
        certs_sheet.set_column(0, 8, 18)
        row = 1
        for partner in partners:
            for cert in partner.coop_certification_ids.sorted(lambda c: c.type_id.sequence):
                certs_sheet.write_row(
                    row,
                    0,
                    [
                        partner.coop_code or "",
                        partner.name,
                        cert.type_id.name,
                        cert.number or "",
                        cert.issuer or "",
                    ],
                )
                for col, day in ((5, cert.date_from), (6, cert.date_to)):
                    if day:
                        certs_sheet.write_datetime(
                            row, col, fields.Datetime.to_datetime(day), date_fmt
                        )
                certs_sheet.write(row, 7, cert_states.get(cert.state, ""))
                certs_sheet.write(row, 8, yes if cert.is_valid_today else no)
                row += 1
