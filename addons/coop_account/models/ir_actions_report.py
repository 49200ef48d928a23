from odoo import models
from odoo.tools.pdf import merge_pdf

STATEMENT_REPORT = "coop_account.report_payout_statement"


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        """Several payout statements: one wkhtmltopdf run per statement, then merged.

        wkhtmltopdf built on unpatched Qt (Debian's) fails on several documents in one run,
        which is how Odoo prints a batch; statements are printed in batches after a payout.
        """
        if (
            res_ids
            and len(res_ids) > 1
            and self._get_report(report_ref).report_name == (STATEMENT_REPORT)
        ):
            first, report_type = super()._render_qweb_pdf(report_ref, res_ids[:1], data=data)
            if report_type == "pdf":
                parts = [first] + [
                    super(IrActionsReport, self)._render_qweb_pdf(report_ref, [res_id], data)[0]
                    for res_id in res_ids[1:]
                ]
                return merge_pdf(parts), "pdf"
        return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
