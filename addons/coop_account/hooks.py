# Arabic names of the units of the dirham, for amounts in words (Odoo's own translation
# leaves the centime in French).
MAD_WORDS_AR = {"currency_unit_label": "درهم", "currency_subunit_label": "سنتيم"}


def post_init_hook(env):
    """Set up the books for the cooperatives on install: the cash-on-delivery journal of
    every company with a chart of accounts, the invoicing defaults of the cooperative
    products that already exist, the Arabic names of the dirham's units."""
    env["res.company"].search([("chart_template", "!=", False)])._coop_setup_cod_journal()
    products = (
        env["product.template"]
        .with_context(active_test=False)
        .search([("coop_sourced", "=", True), ("type", "=", "consu")])
    )
    products.write({"purchase_method": "receive", "invoice_policy": "delivery"})
    set_mad_words_labels(env)


def set_mad_words_labels(env):
    mad = env.ref("base.MAD", raise_if_not_found=False)
    if mad and env["res.lang"]._get_code("ar_001"):
        for field_name, label in MAD_WORDS_AR.items():
            mad.update_field_translations(field_name, {"ar_001": label})
