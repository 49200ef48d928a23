import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("coop_order_routing_routing_analysis", {
    steps: () => [
        {
            content: "The analysis opens on the last 90 days (in French), the balancing window",
            trigger: ".o_searchview_facet:contains('90 derniers jours')",
        },
        {
            content: "Show the rows",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "An order routed 40 days ago is in it",
            trigger: ".o_list_view .o_data_row:contains('Routed 40 days ago')",
        },
        {
            content: "An order routed 200 days ago is not",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Routed 200 days ago')))",
        },
    ],
});
