from . import cooperative, payment, shop
