import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("coop_account_my_bills_on_phone", {
    steps: () => [
        {
            content: "Her bill is a card with its total, what is still due and whether it is paid",
            trigger: ".o_coop_my_bills .o_kanban_record:not(.o_kanban_ghost):contains('PHONE-BILL-1'):has(.o_coop_bill_total:contains('240')):has(.o_coop_bill_due:contains('240')):has(.o_field_badge)",
        },
        {
            content: "Open the bill",
            trigger: ".o_coop_my_bills .o_kanban_record:contains('PHONE-BILL-1')",
            run: "click",
        },
        {
            content: "Each line is a card: the label names the product, then the figures",
            trigger: ".o_form_view .o_field_one2many .o_kanban_record:contains('Barley couscous (phone)'):contains('240')",
        },
    ],
});

registry.category("web_tour.tours").add("coop_account_my_statements_on_phone", {
    steps: () => [
        {
            content: "Her statement is a card with the balance due and what is paid to her now",
            trigger: ".o_coop_statements .o_kanban_record:not(.o_kanban_ghost):has(.o_coop_balance_due:contains('240')):has(.o_coop_to_pay:contains('240'))",
        },
    ],
});
