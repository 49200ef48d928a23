from odoo import api, fields, models
from odoo.tools import SQL, index_exists


class AccountPayment(models.Model):
    _inherit = "account.payment"

    coop_cod_reference = fields.Char(
        string="Courier Collection Reference",
        copy=False,
        index="btree_not_null",
        readonly=True,
        help="Reference of the cash-on-delivery collection given by the courier or the shop: "
        "a collection is recorded only once.",
    )

    _sql_constraints = [
        # implemented by the partial unique index of _auto_init: a cancelled collection
        # does not hold its reference (the lookups skip cancelled payments too)
        (
            "coop_cod_reference_unique",
            "",
            "This cash-on-delivery collection is already recorded.",
        ),
    ]

    def _auto_init(self):
        res = super()._auto_init()
        if not index_exists(self.env.cr, "account_payment_coop_cod_reference_unique"):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX account_payment_coop_cod_reference_unique"
                    " ON account_payment (coop_cod_reference, company_id)"
                    " WHERE coop_cod_reference IS NOT NULL AND state != 'canceled'"
                )
            )
        return res

    @api.depends("payment_method_line_id", "journal_id", "payment_type")
    def _compute_outstanding_account_id(self):
        res = super()._compute_outstanding_account_id()
        # Whatever method line brought it (the shop's payment provider adds its own), cash
        # collected in the cash-on-delivery journal is posted on the courier clearing
        # account, not on the generic outstanding receipts account.
        for payment in self:
            journal = payment.journal_id
            if (
                payment.payment_type == "inbound"
                and journal
                and journal == payment.company_id.coop_cod_journal_id
                and not payment.payment_method_line_id.payment_account_id
            ):
                payment.outstanding_account_id = journal.default_account_id
        return res
