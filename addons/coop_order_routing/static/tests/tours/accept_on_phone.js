import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("coop_order_routing_accept_on_phone", {
    steps: () => [
        {
            content: "Her card says the delivery day, not a time to the second",
            trigger: ".o_coop_my_orders .o_kanban_record:contains('Amlou 250 g (tour)') .o_coop_deliver_by:not(:contains(':'))",
        },
        {
            content: "Open the order waiting for an answer",
            trigger: ".o_coop_my_orders .o_kanban_record:not(.o_kanban_ghost):contains('Amlou 250 g (tour)')",
            run: "click",
        },
        {
            content: "No price is shown to the cooperative",
            trigger: ".o_form_view:not(:has(.o_field_monetary))",
        },
        {
            content: "Accept the order",
            trigger: ".o_form_view .o_coop_answer_buttons button[name='action_coop_accept']",
            run: "click",
        },
        {
            content: "The answer buttons are gone",
            trigger: ".o_form_view:not(:has(.o_coop_answer_buttons button))",
        },
        {
            content: "The order is accepted",
            trigger: "body:not(:has(.modal)) .o_form_view .o_form_saved .o_coop_answer_state .text-bg-success",
        },
    ],
});
