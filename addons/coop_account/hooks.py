def post_init_hook(env):
    """Set up the books for the cooperatives on install: the cash-on-delivery journal of
    every company with a chart of accounts, the invoicing defaults of the cooperative
    products that already exist."""
    env["res.company"].search([("chart_template", "!=", False)])._coop_setup_cod_journal()
    products = (
        env["product.template"]
        .with_context(active_test=False)
        .search([("coop_sourced", "=", True), ("type", "=", "consu")])
    )
    products.write({"purchase_method": "receive", "invoice_policy": "delivery"})
