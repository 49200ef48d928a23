from . import coop_payout_statement_xlsx, report_payout_statement
