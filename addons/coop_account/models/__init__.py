# The mixin first: models below inherit from it.
from . import coop_amount_words_mixin

# isort: split
from . import (
    account_chart_template,
    account_move,
    account_payment,
    coop_margin_report,
    coop_payout_statement,
    ir_actions_report,
    product_template,
    purchase_order,
    res_company,
    res_config_settings,
    sale_order,
    stock_picking,
)
