"""Odoo's own words that the shop's customers read in English in Arabic, translated by the
suite in ``i18n_extra/ar.po``: the subjects of the sales e-mails, "item(s)" of the order
summary (by xml id, as Odoo's own files), "Computed after delivery" of the checkout (a word
of the web client, see ``models/ir_http.py``); Odoo's French and Arabic that read wrong:
the checkout's steps "1 of 3" ("1 ou 3" in Odoo's French), the reference to quote on a bank
transfer ("Communication", "التواصل": "Référence du virement", "مرجع التحويل"), the due date
of invoices ("موعد إجراء المكالمة", a call's deadline: "تاريخ الاستحقاق").

Odoo loads ``i18n_extra/<lang>.po`` beside ``i18n/``: the terms of views replace Odoo's
untranslated ones (a term equal to its English is not a translation). A field translated
as a whole, such as the subject of a mail template, is not replaced: Odoo's file already
gave it its English text in Arabic, which Odoo keeps (the templates are ``noupdate``). Those
are written here, on install and by the migration, where the text in the language is still
the English one or Odoo's translation: a translation written by staff is kept. A term of a
view that Odoo's file translates already is not replaced either: it is written here where it
is still Odoo's (or the English), whenever the module's terms are loaded (a language
installed after the suite, Odoo's modules updated; see ``models/ir_module_module.py``).
"""

import contextlib

from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationFileReader, get_po_paths

MODULE = "coop_website_shop"


def _extra_files(lang):
    """Paths of the suite's extra translation files of ``lang`` ("ar_001": ar, ar_001)."""
    for name in dict.fromkeys((lang.split("_")[0], lang)):
        with contextlib.suppress(FileNotFoundError):
            yield file_path(f"{MODULE}/i18n_extra/{name}.po")


def _odoo_terms(module, lang):
    """Odoo's translations of ``module`` in ``lang``: of the terms of views, {(xml id,
    English term): translation}; of fields translated as a whole, {(xml id, field name):
    translation}."""
    return {
        (
            f"{row['module']}.{row['imd_name']}",
            row["src"] if row["type"] == "model_terms" else row["name"].split(",")[1],
        ): row["value"]
        for path in get_po_paths(module, lang)
        for row in TranslationFileReader(path)
        if row.get("type") in ("model", "model_terms")
    }


def _set_term(record, field_name, row, lang, odoo_terms):
    """Write the term of ``row`` in ``lang`` where its translation is still Odoo's."""
    field = record._fields[field_name]
    english = record.with_context(lang="en_US")[field_name]
    current = field.get_translation_dictionary(
        english, {lang: record.with_context(lang=lang)[field_name]}
    )
    if row["src"] not in current:
        return
    term = current[row["src"]][lang]
    xmlid = f"{row['module']}.{row['imd_name']}"
    # a term is stored without the spaces around it that Odoo's file may give it
    odoo = (odoo_terms.get((xmlid, row["src"])) or "").strip()
    if term != row["value"] and term in (row["src"], odoo):
        record.update_field_translations(field_name, {lang: {row["src"]: row["value"]}})


def set_model_translations(env, langs=None, modules=None):
    """Write the translations of ``i18n_extra`` of the installed languages (``langs``, all by
    default) of Odoo's ``modules`` (all by default, and all with this module): of a field,
    where its text in that language is still its English text; of a term of a view, where
    it is still Odoo's translation."""
    odoo_terms = {}
    for lang, _name in env["res.lang"].get_installed():
        if langs is not None and lang not in langs:
            continue
        for path in _extra_files(lang):
            for row in TranslationFileReader(path):
                if row.get("type") not in ("model", "model_terms") or not row.get("value"):
                    continue
                if modules is not None and not {MODULE, row["module"]} & set(modules):
                    continue
                record = env.ref(f"{row['module']}.{row['imd_name']}", raise_if_not_found=False)
                field_name = row["name"].split(",")[1]
                if not record or record._name != row["imd_model"]:
                    continue
                if (row["module"], lang) not in odoo_terms:
                    odoo_terms[row["module"], lang] = _odoo_terms(row["module"], lang)
                if row["type"] == "model_terms":
                    _set_term(record, field_name, row, lang, odoo_terms[row["module"], lang])
                    continue
                english = record.with_context(lang="en_US")[field_name]
                current = record.with_context(lang=lang)[field_name]
                xmlid = f"{row['module']}.{row['imd_name']}"
                odoo = (odoo_terms[row["module"], lang].get((xmlid, field_name)) or "").strip()
                if english == row["src"] and current != row["value"] and current in (english, odoo):
                    record.update_field_translations(field_name, {lang: row["value"]})
