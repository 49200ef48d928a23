from . import (
    test_catalog,
    test_demo,
    test_i18n,
    test_iban_core,
    test_install,
    test_labels_core,
    test_pages,
    test_payment,
    test_portal,
    test_pricelist,
    test_tours,
    test_website_logo,
)
