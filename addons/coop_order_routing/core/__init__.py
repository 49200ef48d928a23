"""Pure core of the routing engine: plain Python, no Odoo import (tested directly)."""
