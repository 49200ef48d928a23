from . import coop_payout_statement_generate
