from . import (
    coop_membership,
    coop_shop_filter,
    payment_provider,
    payment_transaction,
    product_pricelist,
    product_product,
    product_template,
    res_partner,
    sale_order,
    sale_order_line,
    website,
)
