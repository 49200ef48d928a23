from odoo.addons.payment import reset_payment_provider

from . import controllers, models
from .hooks import post_init_hook


def uninstall_hook(env):
    reset_payment_provider(env, "custom", custom_mode="cod")
