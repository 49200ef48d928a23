from . import coop_manager_login
