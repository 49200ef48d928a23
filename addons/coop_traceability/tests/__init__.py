from . import (
    test_access,
    test_i18n,
    test_install,
    test_labels,
    test_lib,
    test_lot_capture,
    test_quality,
    test_recall,
    test_trace_page,
)
