"""Wording the suite gives a few of Odoo's own records, where Odoo's does not read right in
the suite's texts. In Arabic: the dirham's units in amounts in words (Odoo leaves the
centime in French), the euro's (Odoo's "سنتات", cents, and "يورو " with a trailing space
that doubles the space after it), and the unit of pieces after a quantity (Odoo's
"الوحدات", "the units", made SMS and explanations read "5 الوحدات"; see unit_names for the
number agreement); and dates without Odoo's Latin comma ("01 ديسمبر, 2026"), which Arabic
does not write there. In French: dirhams in the plural in amounts in words ("Mille Deux
Cents Dirhams"; Odoo's "Dirham" is the singular, which French writes below two only, see
unit_names), and the euro's hundredths in centimes ("Quatre-Vingt-Dix Centimes"; Odoo's
French leaves "Cents")."""

ARABIC = "ar_001"
FRENCH = "fr_FR"
TERMS = {
    ARABIC: {
        ("base.MAD", "currency_unit_label"): "درهم",
        ("base.MAD", "currency_subunit_label"): "سنتيم",
        ("base.EUR", "currency_unit_label"): "يورو",
        ("base.EUR", "currency_subunit_label"): "سنتيم",
        ("uom.product_uom_unit", "name"): "وحدة",
    },
    FRENCH: {
        ("base.MAD", "currency_unit_label"): "Dirhams",
        ("base.EUR", "currency_subunit_label"): "Centimes",
    },
}
# Odoo's date format for Arabic, and the suite's; a format the GIE chose is kept
ODOO_DATE_FORMAT = "%d %b, %Y"
DATE_FORMAT = "%d %b %Y"


def set_terms(env, langs=None):
    """Write the suite's terms of ``langs`` (all by default; and its Arabic date format),
    for those of them that are installed."""
    for code in TERMS if langs is None else langs:
        if code not in TERMS or not env["res.lang"]._get_code(code):
            continue
        if code == ARABIC:
            lang = env["res.lang"]._lang_get(ARABIC)
            if lang.date_format == ODOO_DATE_FORMAT:
                lang.date_format = DATE_FORMAT
        for (xmlid, field_name), text in TERMS[code].items():
            record = env.ref(xmlid, raise_if_not_found=False)
            if record:
                record.update_field_translations(field_name, {code: text})


def post_init_hook(env):
    set_terms(env)
