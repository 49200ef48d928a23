from . import (
    barcode_rule,
    coop_certification,
    coop_quality_check,
    coop_quality_point,
    coop_recall,
    coop_recall_line,
    product_template,
    res_partner,
    stock_location,
    stock_lot,
    stock_move_line,
    stock_picking,
)
