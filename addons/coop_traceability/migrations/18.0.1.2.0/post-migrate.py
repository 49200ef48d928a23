"""1.2.0: the recall email asks not to use a product that is not food (not to consume it);
the sentence now comes from the recall line, in the customer's language. The template is
not updated by Odoo (noupdate): it is reset from its file and its translations, as its
"Reset Template" button does."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    template = env.ref("coop_traceability.mail_template_coop_recall", raise_if_not_found=False)
    if template:
        template.reset_template()
