from . import (
    test_access,
    test_certification,
    test_common,
    test_fees,
    test_i18n,
    test_install,
    test_lifecycle,
    test_membership,
    test_partner,
    test_register_xlsx,
    test_tour,
    test_views,
)
