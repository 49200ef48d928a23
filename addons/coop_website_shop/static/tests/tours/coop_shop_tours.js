/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * Tours of the cooperative storefront. The data comes from tests/common.py:
 * "Coopérative Test A" makes "Test Argan Oil Food" and "Test Amlou".
 * Triggers use classes and URLs, not texts: the same steps run in French and in Arabic.
 */

const COOP = "Coopérative Test A";

function addTwoProductsOfTheCooperative() {
    return [
        {
            content: "Open the cooperative from the list of cooperatives",
            trigger: `.o_coop_card a.o_coop_card_link:contains(${COOP})`,
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Its page tells its story and lists its products",
            trigger: ".o_coop_cooperative .o_coop_products .o_coop_badge_label",
        },
        {
            content: "Open its argan oil",
            trigger: ".o_coop_product a.o_coop_product_link:contains(Test Argan Oil Food)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Add it to the cart",
            trigger: "#product_details #add_to_cart",
            run: "click",
        },
        {
            content: "The cart holds one product",
            trigger: "sup.my_cart_quantity:contains(/^1$/)",
        },
        {
            content: "Back to the cooperative through the badge of the product page",
            trigger: `#product_details a.o_coop_badge_coop:contains(${COOP})`,
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open its amlou",
            trigger: ".o_coop_product a.o_coop_product_link:contains(Test Amlou)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Add it to the cart",
            trigger: "#product_details #add_to_cart",
            run: "click",
        },
        {
            content: "Go to the cart, which holds two products",
            trigger: "a:has(sup.my_cart_quantity:contains(/^2$/))",
            run: "click",
            expectUnloadPage: true,
        },
    ];
}

function checkoutTo(paymentMethodCode) {
    return [
        {
            content: "Checkout",
            trigger: "a[name='website_sale_main_button'][href*='/shop/checkout']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "A delivery method is chosen: confirm the address and delivery",
            trigger: "a[name='website_sale_main_button'][href*='/shop/confirm_order']:not(.disabled)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: `Choose ${paymentMethodCode}`,
            trigger: `input[name='o_payment_radio'][data-payment-method-code='${paymentMethodCode}']`,
            run: "click",
        },
    ];
}

function payCashOnDelivery() {
    return [
        ...checkoutTo("cash_on_delivery"),
        {
            content: "Bank transfer is offered beside cash on delivery",
            trigger: "input[name='o_payment_radio'][data-payment-method-code='wire_transfer']",
        },
        {
            content: "Place the order (no note: cash on delivery is offered)",
            trigger: "body:not(:has(.o_coop_cod_unavailable)) button[name='o_payment_submit_button']:not(:disabled)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The order is confirmed, paid in cash at delivery, with no transfer communication",
            trigger: ".oe_website_sale_tx_status[data-order-id] > .card:not(:has(> .card-body))",
            timeout: 30000,
        },
    ];
}

registry.category("web_tour.tours").add("coop_shop_cod_checkout", {
    url: "/cooperatives",
    steps: () => [
        {
            content: "The storefront speaks French by default; non-eligible cooperatives are absent",
            trigger: "html[lang='fr-FR'] .o_coop_cooperatives .o_coop_card",
            run() {
                const names = [...document.querySelectorAll(".o_coop_card_link")].map(
                    (link) => link.textContent
                );
                if (names.some((name) => name.includes("Coopérative Test C"))) {
                    throw new Error("a cooperative that is not eligible is listed");
                }
            },
        },
        ...addTwoProductsOfTheCooperative(),
        ...payCashOnDelivery(),
    ],
});

registry.category("web_tour.tours").add("coop_shop_cod_checkout_arabic", {
    url: "/ar/cooperatives",
    steps: () => [
        {
            content: "The Arabic storefront reads right to left, with the RTL stylesheet",
            trigger: "html[lang='ar-001'] #wrapwrap.o_rtl .o_coop_cooperatives",
            run() {
                if (!document.querySelector("link[href*='.rtl.']")) {
                    throw new Error("the right-to-left stylesheet is not loaded");
                }
            },
        },
        {
            content: "Our page is translated",
            trigger: ".o_coop_cooperatives h1.o_coop_title:contains(تعاونياتنا)",
        },
        ...addTwoProductsOfTheCooperative(),
        {
            content: "The cart is still right to left",
            trigger: "#wrapwrap.o_rtl a[name='website_sale_main_button'][href*='/ar/shop/checkout']",
        },
        ...payCashOnDelivery(),
    ],
});

registry.category("web_tour.tours").add("coop_shop_arabic_delivery_at_real_cost", {
    steps: () => [
        {
            content: "Add the product to the cart from its Arabic page",
            trigger: "#wrapwrap.o_rtl #product_details #add_to_cart",
            run: "click",
        },
        {
            content: "Go to the cart",
            trigger: "a:has(sup.my_cart_quantity:contains(/^1$/))",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Checkout",
            trigger: "a[name='website_sale_main_button'][href*='/ar/shop/checkout']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content:
                "The delivery method billed at its real cost says in Arabic that its price is " +
                "computed after delivery (Odoo's Arabic leaves it in English)",
            trigger:
                "li[name='o_delivery_method']:has(label:contains(Test Courier at Cost)) " +
                ".o_wsale_delivery_price_badge:contains(يُحتسب بعد التوصيل)",
        },
    ],
});

registry.category("web_tour.tours").add("coop_shop_eur_france", {
    url: "/cooperatives",
    steps: () => [
        ...addTwoProductsOfTheCooperative(),
        {
            content: "Prices are in euros for a customer in France",
            trigger: "#order_total .oe_currency_value ~ :contains(€), #order_total:contains(€)",
        },
        ...checkoutTo("wire_transfer"),
        {
            content: "Cash on delivery is not offered for a delivery in France",
            trigger: "#o_payment_form",
            run() {
                if (document.querySelector("[data-payment-method-code='cash_on_delivery']")) {
                    throw new Error("Cash on delivery must not be offered outside Morocco");
                }
            },
        },
        {
            content: "The customer is told why cash on delivery is not offered: the address",
            trigger: ".o_coop_cod_unavailable:contains(Maroc)",
        },
        {
            content: "Pay by bank transfer",
            trigger: "button[name='o_payment_submit_button']:not(:disabled)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The order waits for the transfer",
            trigger: ".oe_website_sale_tx_status[data-order-id]",
            timeout: 30000,
        },
    ],
});

registry.category("web_tour.tours").add("coop_shop_diaspora_gift", {
    url: "/cooperatives",
    steps: () => [
        ...addTwoProductsOfTheCooperative(),
        {
            content: "Checkout",
            trigger: "a[name='website_sale_main_button'][href*='/shop/checkout']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Deliver the gift to the family in Guelmim (select it if needed)",
            trigger: "#delivery_address_row div[name='address_card']:contains(Guelmim)",
            run() {
                if (this.anchor.classList.contains("js_change_address")) {
                    this.anchor.click();
                }
            },
        },
        {
            content: "The Moroccan address is the delivery address, billing stays in France",
            trigger:
                "#delivery_address_row div[name='address_card']:not(.js_change_address):contains(Guelmim)",
        },
        {
            content: "Confirm the addresses and the delivery method",
            trigger: "a[name='website_sale_main_button'][href*='/shop/confirm_order']:not(.disabled)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Still in euros: the billing address is in France",
            trigger: "#order_total:contains(€)",
        },
        {
            content: "Pay by bank transfer; no cash at the door in euros",
            trigger: "input[name='o_payment_radio'][data-payment-method-code='wire_transfer']",
            run() {
                if (document.querySelector("[data-payment-method-code='cash_on_delivery']")) {
                    throw new Error("Cash on delivery must not be offered in euros");
                }
                this.anchor.click();
            },
        },
        {
            content: "Pay",
            trigger: "button[name='o_payment_submit_button']:not(:disabled)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The order waits for the transfer",
            trigger: ".oe_website_sale_tx_status[data-order-id]",
            timeout: 30000,
        },
    ],
});

registry.category("web_tour.tours").add("coop_shop_arabic_order_on_phone", {
    steps: () => [
        {
            content: "Her order page with its messages and the box to write one",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
        },
        {
            content: "In Arabic, right to left, the page fits the phone's screen",
            trigger: "#portal_sale_content",
            run() {
                if (getComputedStyle(document.body).direction !== "rtl") {
                    throw new Error("the page is not right to left");
                }
                const width = document.documentElement.scrollWidth;
                if (width > window.innerWidth + 1) {
                    throw new Error(`the page is ${width}px wide on a ${window.innerWidth}px screen`);
                }
            },
        },
    ],
});
