from odoo import fields, models

COOP_REPORTS = {
    "coop_pdf": "coop_traceability.action_report_coop_lot_label",
    "coop_zpl": "coop_traceability.action_report_coop_lot_label_zpl",
}


class LotLabelLayout(models.TransientModel):
    _inherit = "lot.label.layout"

    print_format = fields.Selection(
        selection_add=[
            ("coop_pdf", "Cooperative label FR/AR with QR (PDF)"),
            ("coop_zpl", "Cooperative label with QR (ZPL)"),
        ],
        ondelete={"coop_pdf": "set default", "coop_zpl": "set default"},
    )

    def process(self):
        action = super().process()
        xml_id = COOP_REPORTS.get(self.print_format)
        if not xml_id:
            return action
        # The standard wizard chose the lots (one per lot or one per unit): print them
        # with the cooperative label instead.
        docids = (action.get("context") or {}).get("active_ids") or []
        action = self.env.ref(xml_id).report_action(docids, config=False)
        action.update({"close_on_report_download": True})
        return action
