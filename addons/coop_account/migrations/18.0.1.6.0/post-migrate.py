"""1.6.0: the file names of the payout statement's PDF and XLSX ("TAO 2026-11-01 –
2026-11-30", not "TAO 2026-11-01 _ 2026-11-30"): their expression is a translated field, and
updating the module keeps the old expression in each language it was loaded in."""

from odoo import SUPERUSER_ID, api

REPORTS = (
    "coop_account.action_report_payout_statement",
    "coop_account.action_report_payout_statement_xlsx",
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in REPORTS:
        report = env.ref(xmlid, raise_if_not_found=False)
        if not report:
            continue
        expression = report.with_context(lang="en_US").print_report_name
        report.update_field_translations(
            "print_report_name",
            {lang: expression for lang, _name in env["res.lang"].get_installed()},
        )
