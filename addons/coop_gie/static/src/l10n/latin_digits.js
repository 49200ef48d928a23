import { localizationService } from "@web/core/l10n/localization_service";
import { patch } from "@web/core/utils/patch";

const { Settings } = luxon;

/**
 * Arabic as written in Morocco ("ar-001", the suite's Arabic) uses Western digits: the
 * documents, the SMS, the suite's texts and the dates the server writes all do. Odoo's web
 * client gives that Arabic Eastern Arabic digits, so that a list read "٠١ نوفمبر ٢٠٢٦"
 * beside "01 نوفمبر 2026" on the same screen. Its dates and times are written with
 * Western digits too.
 */
patch(localizationService, {
    async start() {
        const result = await super.start(...arguments);
        if (/^ar-001$/i.test(Settings.defaultLocale)) {
            Settings.defaultNumberingSystem = "latn";
        }
        return result;
    },
});
