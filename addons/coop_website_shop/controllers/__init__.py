from . import cooperative, shop
