{
    "name": "Cooperative Shop",
    "summary": "Storefront of the cooperatives: FR/AR/EN, MAD/EUR, cash on delivery",
    "version": "18.0.1.0.0",
    "category": "Cooperatives",
    "author": "GIE Oujane",
    "website": "https://github.com/gie-oujane/coop-platform",
    "license": "LGPL-3",
    "depends": [
        "website_sale",
        "website_sale_stock",
        "payment_custom",
        "sale_stock",
        "delivery",
        "coop_gie",
        "coop_traceability",
        # who may be given an order (required certifications) decides what the shop claims
        "coop_order_routing",
    ],
    "data": [
        "security/ir.model.access.csv",
        "data/payment_method_data.xml",
        "data/payment_provider_data.xml",
        "data/product_pricelist_data.xml",
        "data/website_menu_data.xml",
        "views/cooperative_templates.xml",
        "views/footer_templates.xml",
        "views/shop_templates.xml",
        "views/portal_templates.xml",
        "views/payment_templates.xml",
        "views/product_template_views.xml",
        "views/sale_order_views.xml",
        "views/payment_transaction_views.xml",
    ],
    "demo": [
        "demo/website_demo.xml",
        "demo/product_public_category_demo.xml",
        "demo/delivery_demo.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "coop_website_shop/static/src/scss/coop_shop.scss",
        ],
        "portal.assets_chatter_style": [
            "coop_website_shop/static/src/scss/portal_chatter_rtl.scss",
        ],
        "web.assets_tests": [
            "coop_website_shop/static/tests/tours/*.js",
        ],
    },
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
