from .terms import set_model_translations


def post_init_hook(env):
    """Websites still showing Odoo's placeholder logo show their company's; the Arabic of
    Odoo's words translated by the suite (see ``terms``)."""
    websites = env["website"].search([])
    websites.filtered(
        lambda website: website._coop_follows_company_logo()
    )._coop_logo_from_company()
    set_model_translations(env)
