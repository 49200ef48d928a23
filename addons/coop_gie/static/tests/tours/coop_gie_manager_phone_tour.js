/** @odoo-module */

import { registry } from "@web/core/registry";

// A cooperative manager, on her phone, opens her cooperative from the GIE app and
// updates its mobile number; she sees no other cooperative.
registry.category("web_tour.tours").add("coop_gie_manager_phone", {
    url: "/odoo/action-coop_gie.action_coop_partner",
    steps: () => [
        {
            content: "Only her cooperative is listed",
            trigger:
                ".o_kanban_view:has(.o_kanban_record:contains('Taoutemet'))" +
                ":not(:has(.o_kanban_record:contains('Tifaout')))",
        },
        {
            content: "Open her cooperative",
            trigger: ".o_kanban_record:contains('Taoutemet')",
            run: "click",
        },
        {
            content: "Change the mobile number",
            trigger: ".o_form_view div[name='mobile'] input",
            run: "edit 0661 99 88 77",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The number is saved in E.164",
            trigger: ".o_form_view div[name='mobile'] input:value('+212661998877')",
        },
    ],
});
