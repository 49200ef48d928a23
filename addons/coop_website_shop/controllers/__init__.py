from . import cooperative, payment, portal, shop
