from .models.account_chart_template import MA_TAX_LABELS


def load_ma_tax_group_names(env):
    """The Arabic names of the VAT groups (see ``account.chart.template``) on the companies
    that already have the Moroccan chart, where their Arabic name is missing."""
    companies = env["res.company"].search([("chart_template", "=", "ma")])
    if companies:
        env["account.chart.template"]._load_translations(companies=companies)


def load_ma_tax_labels(env):
    """The labels customers and cooperatives read of the taxes (see
    ``account.chart.template``) on the companies that already have the Moroccan chart, where
    they are still l10n_ma's ("20%" in English, the description of the line of the VAT
    return in French): the English one, then the translations from the chart, where
    missing."""
    chart = env["account.chart.template"]
    for company in env["res.company"].search([("chart_template", "=", "ma")]):
        for xmlid, labels in MA_TAX_LABELS.items():
            tax = chart.with_company(company).ref(xmlid, raise_if_not_found=False)
            if tax and tax.with_context(lang="en_US").invoice_label == f"{tax.amount:g}%":
                env.cr.execute(
                    "UPDATE account_tax SET invoice_label = jsonb_build_object('en_US', %s) "
                    "WHERE id = %s",
                    [labels["invoice_label"], tax.id],
                )
    env["account.tax"].invalidate_model(["invoice_label"])
    load_ma_tax_group_names(env)  # Odoo's loading of the chart's missing translations


def post_init_hook(env):
    """Set up the books for the cooperatives on install: the cash-on-delivery journal of
    every company with a chart of accounts, the invoicing defaults of the cooperative
    products that already exist; the Arabic names of the Moroccan VAT groups and the labels
    customers and cooperatives read of the Moroccan taxes."""
    env["res.company"].search([("chart_template", "!=", False)])._coop_setup_cod_journal()
    load_ma_tax_labels(env)
    products = (
        env["product.template"]
        .with_context(active_test=False)
        .search([("coop_sourced", "=", True), ("type", "=", "consu")])
    )
    products.write({"purchase_method": "receive", "invoice_policy": "delivery"})
