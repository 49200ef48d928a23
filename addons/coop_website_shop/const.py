"""Constants of the cooperative storefront."""

# Payment methods activated with the cash on delivery provider.
COD_PAYMENT_METHOD_CODES = {"cash_on_delivery"}

# Cash on delivery is only offered for delivery addresses in these countries.
COD_COUNTRY_CODES = ("MA",)

# Query-string parameters of the shop filters.
SHOP_FILTER_PARAMS = ("coop", "label", "region")

# The heading of the bank transfer instructions, as Odoo writes it (payment_custom, in
# Python; the shop translates it: payment.provider._coop_pending_msg_wording).
TRANSFER_HEADING = "Please use the following transfer details"
