from odoo import api, models


class ReportPayoutStatement(models.AbstractModel):
    _name = "report.coop_account.report_payout_statement"
    _description = "Cooperative Payout Statement (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["coop.payout.statement"].browse(docids)
        # a clear access error (statement of another cooperative) before rendering
        docs.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "coop.payout.statement",
            "docs": docs,
        }
