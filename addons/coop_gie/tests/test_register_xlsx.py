import io

from openpyxl import load_workbook

from odoo.tests import tagged

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestRegisterXlsx(CoopCase):
    def test_register_export_read_back(self):
        igp = self.env.ref("coop_gie.cert_type_igp_argane")
        self._add_certification(self.coop_a, cert_type=igp, number="IGP-1")
        self.env["coop.member"].create(
            [{"partner_id": self.coop_b.id, "name": n} for n in ("Itto", "Touda", "Fadma")]
        )
        self.cert_b.action_refuse()  # coop B loses its mandatory certification
        report = self.env.ref("coop_gie.action_report_coop_register_xlsx")
        self.assertEqual(report.report_type, "xlsx")
        content, report_format = (
            self.env["ir.actions.report"]
            .with_user(self.user_staff)
            ._render(report.report_name, (self.coop_a | self.coop_b).ids, {})
        )
        self.assertEqual(report_format, "xlsx")
        workbook = load_workbook(io.BytesIO(content))
        sheet = workbook[workbook.sheetnames[0]]
        rows = list(sheet.iter_rows(values_only=True))
        header, body = rows[0], rows[1:]
        self.assertEqual(header[:2], ("Code", "Cooperative"))
        by_code = {row[0]: dict(zip(header, row, strict=True)) for row in body}
        self.assertEqual(set(by_code), {"CPA", "CPB"})
        self.assertEqual(by_code["CPA"]["Membership State"], "Active")
        self.assertEqual(by_code["CPA"]["Eligible to Sell"], "Yes")
        self.assertIn("PGI Argane", by_code["CPA"]["Valid Certifications"])
        self.assertEqual(by_code["CPB"]["Eligible to Sell"], "No")
        self.assertIn("missing", by_code["CPB"]["Why Not Eligible"])
        self.assertEqual((by_code["CPB"]["Members"], by_code["CPB"]["Women Members"]), (3, 3))

        certs = workbook[workbook.sheetnames[1]]
        cert_rows = list(certs.iter_rows(values_only=True))[1:]
        self.assertEqual(len(cert_rows), 3)
        refused = next(r for r in cert_rows if r[0] == "CPB")
        self.assertEqual(refused[7], "Refused")
        self.assertEqual(refused[8], "No")
        self.assertEqual(refused[6].date(), self.cert_b.date_to)
