"""1.4.0: the bank transfer instructions name the beneficiary (the account's holder, else
the company: see res.partner.bank._coop_transfer_lines) and, in French, speak of a
"virement bancaire", not Odoo's "transfert bancaire" (see
payment.provider._coop_pending_msg_wording): written again where they are still the text
the suite wrote before (1.2.0 to 1.3.0, or 1.1.0 whose numbers were not isolated);
instructions staff edited are kept. The reference to quote reads "Référence du virement" in
French and "مرجع التحويل" in Arabic, not Odoo's "Communication" / "التواصل" (i18n_extra,
see terms)."""

import html
import re

from odoo import SUPERUSER_ID, api
from odoo.addons.coop_website_shop.const import TRANSFER_HEADING as HEADING
from odoo.addons.coop_website_shop.terms import set_model_translations
from odoo.tools.translate import code_translations

LTR = re.compile(r'<bdi dir="ltr">(.*?)</bdi>', re.DOTALL)


def _previous(provider, accounts, lang, text):
    """``text``, the instructions the suite writes now in ``lang``, as it wrote them
    before 1.4.0: with Odoo's heading and without the beneficiary of ``accounts``."""
    provider = provider.with_context(lang=lang)
    ours = provider._coop_pending_msg_wording([HEADING]).get(HEADING, HEADING)
    odoo = code_translations.get_python_translations("payment_custom", lang).get(HEADING)
    text = text.replace(f"<h5>{ours}</h5>", f"<h5>{(odoo or HEADING).strip()}</h5>")
    for account in accounts.with_context(lang=lang):
        beneficiary = account._coop_transfer_lines()[0]
        text = text.replace(f"\n{html.escape(beneficiary, quote=False)}", "", 1)
    return text


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    set_model_translations(env)
    field = env["payment.provider"]._fields["pending_msg"]
    Journal = env["account.journal"]
    for provider in env["payment.provider"].search([("custom_mode", "=", "wire_transfer")]):
        # the accounts Odoo lists in the instructions (payment_custom)
        accounts = Journal.search(
            [*Journal._check_company_domain(provider.company_id), ("type", "=", "bank")]
        ).bank_account_id
        before = field._get_stored_translations(provider)
        with cr.savepoint() as savepoint:
            provider.action_recompute_pending_msg()
            after = field._get_stored_translations(provider) or {}
            previous = {
                lang: _previous(provider, accounts, lang, text) for lang, text in after.items()
            }
            unchanged = before in (
                previous,
                {lang: LTR.sub(r"\1", text) for lang, text in previous.items()},
            )
            savepoint.close(rollback=not unchanged)
