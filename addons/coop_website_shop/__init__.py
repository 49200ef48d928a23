from odoo.addons.payment import reset_payment_provider

from . import controllers, models


def uninstall_hook(env):
    reset_payment_provider(env, "custom", custom_mode="cod")
