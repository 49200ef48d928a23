from odoo import api, fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    coop_quality_check_ids = fields.One2many(
        "coop.quality.check", "picking_id", string="Quality Checks"
    )
    coop_quality_todo_count = fields.Integer(
        string="Measures to Enter", compute="_compute_coop_quality_counts"
    )
    coop_quality_fail_count = fields.Integer(
        string="Failed Measures", compute="_compute_coop_quality_counts"
    )
    coop_partner_id = fields.Many2one(
        "res.partner", string="Cooperative", compute="_compute_coop_partner_id"
    )

    @api.depends("coop_quality_check_ids.result")
    def _compute_coop_quality_counts(self):
        for picking in self:
            results = picking.coop_quality_check_ids.mapped("result")
            picking.coop_quality_todo_count = results.count("todo")
            picking.coop_quality_fail_count = results.count("fail")

    @api.depends("picking_type_code", "partner_id", "move_ids.purchase_line_id")
    def _compute_coop_partner_id(self):
        for picking in self:
            partner = picking.move_ids.purchase_line_id.order_id.partner_id.commercial_partner_id
            if not partner and picking.picking_type_code == "incoming":
                partner = picking.partner_id.commercial_partner_id
            partner = partner[:1]
            picking.coop_partner_id = partner if partner.is_cooperative else False

    def _sanity_check(self, separate_pickings=True):
        # a cooperative's receipt line left without lot gets her lot number before Odoo
        # asks for one (lines not picked yet are numbered when they are done)
        self.move_line_ids.filtered("picked")._coop_assign_default_lot_names()
        return super()._sanity_check(separate_pickings=separate_pickings)

    def action_coop_propose_lot_numbers(self):
        """Fill the default cooperative lot numbers now (they can still be changed)."""
        self.move_line_ids._coop_assign_default_lot_names()
        return True

    def action_coop_plan_quality_checks(self):
        self.move_line_ids._coop_create_quality_checks()
        return True

    def action_coop_scan_gs1(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Scan GS1 Barcode"),
            "res_model": "coop.gs1.scan",
            "view_mode": "form",
            "target": "new",
            "context": {"default_picking_id": self.id},
        }

    def action_coop_print_labels(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cooperative Labels"),
            "res_model": "lot.label.layout",
            "views": [(self.env.ref("stock.lot_label_layout_form_picking").id, "form")],
            "target": "new",
            "context": {
                "default_move_line_ids": self.move_line_ids.filtered("lot_id").ids,
                "default_print_format": "coop_pdf",
            },
        }
