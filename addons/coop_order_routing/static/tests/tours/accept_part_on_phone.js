import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("coop_order_routing_accept_part_on_phone", {
    steps: () => [
        {
            content: "Her delivery day is written with Western digits, as Morocco writes Arabic",
            trigger: ".o_coop_my_orders .o_kanban_record:contains('250 ml (tour)') .o_coop_deliver_by:contains('20')",
        },
        {
            content: "Open the order waiting for an answer",
            trigger: ".o_coop_my_orders .o_kanban_record:not(.o_kanban_ghost):contains('250 ml (tour)')",
            run: "click",
        },
        {
            content: "Accept part of it",
            trigger: ".o_form_view .o_coop_answer_buttons button.o_coop_accept_part",
            run: "click",
        },
        {
            content: "The product is on its own card, its name in full",
            trigger: ".modal .o_field_one2many .o_kanban_record:contains('Huile d\\'argan alimentaire 250 ml (tour)')",
            run: "click",
        },
        {
            content: "Say how many she can deliver",
            trigger: ".modal:not(:has(.o_field_one2many)) .o_field_widget[name=accepted_qty] input",
            run: "edit 2",
        },
        {
            content: "Keep it (her order's lines only: no Save & New)",
            trigger: ".modal:not(:has(.o_field_one2many)):not(:has(.o_form_button_save_new)) .o_form_button_save",
            run: "click",
        },
        {
            content: "The card says what she can deliver, the unit as Arabic writes it after 2",
            trigger: ".modal .o_field_one2many .o_kanban_record .o_coop_can_deliver:contains('2'):contains('وحدتان')",
        },
        {
            content: "Send the answer",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Her answer is recorded, the dialog closed: the order is partly accepted",
            trigger:
                "body:not(:has(.modal)) .o_form_view:not(:has(.o_coop_answer_buttons button)) " +
                ".o_form_saved .o_coop_answer_state .text-bg-success",
        },
    ],
});
