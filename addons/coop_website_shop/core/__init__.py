"""Pure core of the storefront: plain Python, no Odoo import (tested directly)."""
