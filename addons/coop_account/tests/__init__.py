from . import (
    test_access,
    test_amount_words,
    test_config,
    test_fees,
    test_flow,
    test_i18n,
    test_lock_dates,
    test_margin,
    test_migration,
    test_report_rtl,
    test_return,
    test_statement,
)
