def load_ma_tax_group_names(env):
    """The Arabic names of the VAT groups (see ``account.chart.template``) on the companies
    that already have the Moroccan chart, where their Arabic name is missing."""
    companies = env["res.company"].search([("chart_template", "=", "ma")])
    if companies:
        env["account.chart.template"]._load_translations(companies=companies)


def post_init_hook(env):
    """Set up the books for the cooperatives on install: the cash-on-delivery journal of
    every company with a chart of accounts, the invoicing defaults of the cooperative
    products that already exist; the Arabic names of the Moroccan VAT groups."""
    env["res.company"].search([("chart_template", "!=", False)])._coop_setup_cod_journal()
    load_ma_tax_group_names(env)
    products = (
        env["product.template"]
        .with_context(active_test=False)
        .search([("coop_sourced", "=", True), ("type", "=", "consu")])
    )
    products.write({"purchase_method": "receive", "invoice_policy": "delivery"})
