from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    coop_dropship = fields.Boolean(
        string="Ships to the Customer",
        help="This cooperative sends her orders straight to the customer (dropship): her "
        "purchase orders deliver to the customer's address instead of the central warehouse.",
    )

    coop_dropship_purchase_ids = fields.One2many(
        "purchase.order",
        "dest_address_id",
        string="Dropship Purchase Orders",
        help="Cooperative orders delivered straight to this customer: their managers may read "
        "this address (record rule).",
    )

    @api.constrains("mobile", "is_cooperative", "active")
    def _check_coop_sms_number(self):
        self._coop_check_sms_number()

    def _coop_check_sms_number(self):
        """Refuse to these partners a mobile number that SMS answers are taken from (see
        ``purchase.order._coop_sms_senders``: a cooperative's, her managers') when it is
        already registered for another cooperative: her answers would be taken for the
        other's. A cooperative and its own managers may share one (her answers go to her
        cooperative whichever of them is found)."""
        partners = self.sudo()  # sudo: which of them manage a cooperative, to skip the others
        if not partners.filtered("is_cooperative") and not partners.user_ids.coop_id:
            return
        senders = self.env["purchase.order"]._coop_sms_senders()
        for number, sender in senders:
            if sender.writer not in self:
                continue
            other = next(
                (
                    one.coop
                    for registered, one in senders
                    if registered == number and one.coop != sender.coop
                ),
                None,
            )
            if other:
                raise ValidationError(
                    self.env._(
                        "The mobile number %(number)s of %(partner)s is already registered for "
                        "the SMS of cooperative %(cooperative)s: the SMS answers sent from it "
                        "would be taken for that cooperative's. Each cooperative, with its "
                        "managers, needs a mobile number of its own.",
                        number=sender.writer.mobile,
                        partner=sender.writer.display_name,
                        cooperative=other.display_name,
                    )
                )

    def _coop_sms_numbers(self):
        """``{partner id: mobile}`` of who gets this cooperative's SMS (her orders, her
        payouts): her managers with a mobile, else the cooperative itself."""
        self.ensure_one()
        managers = self.coop_manager_ids.partner_id.filtered("mobile")
        partners = managers or self.filtered("mobile")
        return {partner.id: partner.mobile for partner in partners}

    def _coop_sms_numbers_by_lang(self, company, numbers=None):
        """This cooperative's SMS recipients (``numbers``, default ``_coop_sms_numbers``)
        grouped by the language each reads, ``{lang: {partner id: number}}``: her own (a
        manager user's is her partner's), else the cooperative's, else ``company``'s."""
        self.ensure_one()
        numbers = self._coop_sms_numbers() if numbers is None else numbers
        groups = {}
        for partner in self.browse(numbers):
            lang = self.env["purchase.order"]._coop_sms_lang(partner, self, company)
            groups.setdefault(lang, {})[partner.id] = numbers[partner.id]
        return groups

    def _coop_history(self):
        history = super()._coop_history()
        if (
            self.env["purchase.order"]
            .sudo()  # sudo: a count only, to allow deletion or not
            .search_count([("partner_id", "=", self.id)], limit=1)
        ):
            history.append(self.env._("purchase orders"))
        if (
            self.env["coop.sourcing"]
            .sudo()  # sudo: a count only, to allow deletion or not
            .search_count([("partner_id", "=", self.id)], limit=1)
        ):
            history.append(self.env._("supply declarations"))
        return history

    def _coop_leave_gie(self, suspended=False):
        # before her managers' logins are archived: her SMS go to their mobiles
        self.env["purchase.order"]._coop_take_back_from(self, suspended)
        return super()._coop_leave_gie(suspended)

    @api.model
    def _coop_certifications_lapsed(self, coverage):
        self.env["purchase.order"]._coop_take_back_uncertified(coverage)
        return super()._coop_certifications_lapsed(coverage)
