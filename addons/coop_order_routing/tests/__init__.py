from . import (
    test_access,
    test_allocator,
    test_concurrency,
    test_i18n,
    test_install,
    test_order_flow,
    test_portal,
    test_reports,
    test_routing,
    test_sms,
    test_sms_core,
    test_tour,
)
