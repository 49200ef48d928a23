from odoo import fields, models
from odoo.tools import SQL

from ..lib import gs1


class ResPartner(models.Model):
    _inherit = "res.partner"

    coop_lot_sequence_id = fields.Many2one(
        "ir.sequence",
        string="Lot Number Sequence",
        copy=False,
        help="Numbers the default lots of this cooperative: <CODE>-<YYMMDD>-<n>.",
    )

    def _coop_next_lot_name(self, day):
        """Next default lot number of this cooperative for a lot produced on ``day``."""
        self.ensure_one()
        partner = self.sudo()  # sudo: technical sequence of this cooperative only
        if not partner.coop_lot_sequence_id:
            # Lock the cooperative's row so that two receipts do not create two sequences.
            self.env.cr.execute(
                SQL("SELECT id FROM res_partner WHERE id = %s FOR NO KEY UPDATE", partner.id)
            )
            partner.invalidate_recordset(["coop_lot_sequence_id"])
        if not partner.coop_lot_sequence_id:
            sequence = (
                self.env["ir.sequence"]
                .sudo()  # sudo: lot sequence created on first use
                .create(
                    {
                        "name": self.env._("Lots of cooperative %s", partner.coop_code),
                        "code": f"coop.lot.{partner.id}",
                        "implementation": "standard",
                        "padding": 0,
                        "company_id": False,
                    }
                )
            )
            partner.write({"coop_lot_sequence_id": sequence.id})
        number = partner.coop_lot_sequence_id.next_by_id()
        return gs1.coop_lot_name(partner.coop_code, day, number)

    def _coop_history(self):
        history = super()._coop_history()
        if (
            self.env["stock.lot"]
            .sudo()  # sudo: a count only, to allow deletion or not
            .search_count([("coop_partner_id", "=", self.id)], limit=1)
        ):
            history.append(self.env._("lots"))
        return history
