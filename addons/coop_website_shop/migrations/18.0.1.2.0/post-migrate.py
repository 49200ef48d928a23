"""1.2.0: the bank transfer instructions give the account number, the IBAN and the BIC
isolated left to right (see res.partner.bank._coop_transfer_lines): written again where
they are still the text the suite wrote before; instructions staff edited are kept."""

import re

from odoo import SUPERUSER_ID, api

LTR = re.compile(r'<bdi dir="ltr">(.*?)</bdi>', re.DOTALL)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    field = env["payment.provider"]._fields["pending_msg"]
    for provider in env["payment.provider"].search([("custom_mode", "=", "wire_transfer")]):
        before = field._get_stored_translations(provider)
        with cr.savepoint() as savepoint:
            provider.action_recompute_pending_msg()
            after = field._get_stored_translations(provider) or {}
            unchanged = {lang: LTR.sub(r"\1", text) for lang, text in after.items()} == before
            savepoint.close(rollback=not unchanged)
