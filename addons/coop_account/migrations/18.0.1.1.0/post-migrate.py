"""The shop's cash-on-delivery provider posts what couriers collect in the company's
cash-on-delivery journal: link the providers of the companies that have one (until now
they posted in the bank journal Odoo gave them). Arabic names of the dirham's units, for
a database where Arabic was installed after the suite."""

from odoo import SUPERUSER_ID, api
from odoo.addons.coop_gie.terms import set_terms


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    companies = env["res.company"].search([("coop_cod_journal_id", "!=", False)])
    for company in companies:
        company._coop_link_cod_providers()
    set_terms(env)
