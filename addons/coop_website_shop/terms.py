"""Odoo's own words that the shop's customers read in English in Arabic, translated by the
suite in ``i18n_extra/ar.po``: the subjects of the sales e-mails, "item(s)" of the order
summary (by xml id, as Odoo's own files), "Computed after delivery" of the checkout (a word
of the web client, see ``models/ir_http.py``).

Odoo loads ``i18n_extra/<lang>.po`` beside ``i18n/``: the terms of views replace Odoo's
untranslated ones (a term equal to its English is not a translation). A field translated
as a whole, such as the subject of a mail template, is not replaced: Odoo's file already
gave it its English text in Arabic, which Odoo keeps (the templates are ``noupdate``). Those
are written here, on install and by the migration, where the text in the language is still
the English one: a translation written by staff is kept. A language installed later loads
the suite's after Odoo's, in the order of the modules.
"""

import contextlib

from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationFileReader

MODULE = "coop_website_shop"


def _extra_files(lang):
    """Paths of the suite's extra translation files of ``lang`` ("ar_001": ar, ar_001)."""
    for name in dict.fromkeys((lang.split("_")[0], lang)):
        with contextlib.suppress(FileNotFoundError):
            yield file_path(f"{MODULE}/i18n_extra/{name}.po")


def set_model_translations(env):
    """Write the field translations of ``i18n_extra`` (not terms of views) of the installed
    languages where the field's text in that language is still its English text."""
    for lang, _name in env["res.lang"].get_installed():
        for path in _extra_files(lang):
            for row in TranslationFileReader(path):
                if row.get("type") != "model" or not row.get("value"):
                    continue
                record = env.ref(f"{row['module']}.{row['imd_name']}", raise_if_not_found=False)
                field_name = row["name"].split(",")[1]
                if not record or record._name != row["imd_model"]:
                    continue
                english = record.with_context(lang="en_US")[field_name]
                if english == row["src"] and record.with_context(lang=lang)[field_name] == english:
                    record.update_field_translations(field_name, {lang: row["value"]})
