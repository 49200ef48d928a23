"""Arabic wording the suite gives a few of Odoo's own records, where Odoo's Arabic does not
read right in the suite's texts: the dirham's units in amounts in words (Odoo leaves the
centime in French), and the unit of pieces after a quantity (Odoo's "الوحدات", "the units",
made SMS and explanations read "5 الوحدات"); and dates without Odoo's Latin comma ("01 ديسمبر,
2026"), which Arabic does not write there."""

ARABIC = "ar_001"
ARABIC_TERMS = {
    ("base.MAD", "currency_unit_label"): "درهم",
    ("base.MAD", "currency_subunit_label"): "سنتيم",
    ("uom.product_uom_unit", "name"): "وحدة",
}
# Odoo's date format for Arabic, and the suite's; a format the GIE chose is kept
ODOO_DATE_FORMAT = "%d %b, %Y"
DATE_FORMAT = "%d %b %Y"


def set_arabic_terms(env):
    """Write the suite's Arabic terms and date format, once Arabic is installed."""
    if not env["res.lang"]._get_code(ARABIC):
        return
    lang = env["res.lang"]._lang_get(ARABIC)
    if lang.date_format == ODOO_DATE_FORMAT:
        lang.date_format = DATE_FORMAT
    for (xmlid, field_name), text in ARABIC_TERMS.items():
        record = env.ref(xmlid, raise_if_not_found=False)
        if record:
            record.update_field_translations(field_name, {ARABIC: text})


def post_init_hook(env):
    set_arabic_terms(env)
