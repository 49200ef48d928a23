from . import coop_register_xlsx
