"""Check that an addon ships French and Arabic translations of every user-facing string.

The terms are read from the live registry exactly as Odoo's exporter sees them (code terms,
field labels, selections, views, menus, actions, groups, data records), minus the records
of the addon's demo files, which are sample content rather than user interface.
"""

import csv
import os

import polib
from lxml import etree

from odoo.modules.module import get_manifest, get_module_path
from odoo.tools.translate import TranslationModuleReader


def demo_xmlids(module):
    """XML ids of the records that the addon's demo files define."""
    path = get_module_path(module)
    xmlids = set()
    for demo_file in get_manifest(module).get("demo", []):
        full_path = os.path.join(path, demo_file)
        if demo_file.endswith(".xml"):
            for node in etree.parse(full_path).iter():
                xmlid = node.get("id") if isinstance(node.tag, str) else None
                if xmlid:
                    xmlids.add(xmlid if "." in xmlid else f"{module}.{xmlid}")
        elif demo_file.endswith(".csv"):
            with open(full_path, encoding="utf-8") as demo_csv:
                for row in csv.DictReader(demo_csv):
                    xmlid = row.get("id", "")
                    xmlids.add(xmlid if "." in xmlid else f"{module}.{xmlid}")
    return xmlids


class I18nCoverageMixin:
    """Mix into a TransactionCase and set ``i18n_module``."""

    i18n_module = None
    i18n_langs = ("fr", "ar")
    # Odoo's loader only collects test methods defined on the class itself, unless told.
    allow_inherited_tests_method = True

    def _i18n_source_terms(self):
        demo = demo_xmlids(self.i18n_module)
        # a source file the extractor cannot read would hide all its terms
        with self.assertNoLogs("odoo.tools.translate", level="ERROR"):
            reader = TranslationModuleReader(self.env.cr, modules=[self.i18n_module])
        terms = {}
        for module, ttype, name, res_id, source, _value, _comments in reader:
            if module != self.i18n_module or (ttype != "code" and res_id in demo):
                continue
            terms.setdefault(source, f"{ttype}:{name}:{res_id}")
        return terms

    def _assert_demo_translated(self, model, field_names):
        """The demo records of ``model`` have French and Arabic values for ``field_names``
        (values without letters, like "%", need no translation)."""
        records = self.env[model].browse(
            record.id
            for xmlid in sorted(demo_xmlids(self.i18n_module))
            if (record := self.env.ref(xmlid, raise_if_not_found=False)) and record._name == model
        )
        self.assertTrue(records, f"the demo data of {self.i18n_module} is not loaded")
        for record in records:
            for field_name in field_names:
                values = record._fields[field_name]._get_stored_translations(record) or {}
                if not any(char.isalpha() for char in values.get("en_US") or ""):
                    continue
                for lang in ("fr_FR", "ar_001"):
                    self.assertTrue(values.get(lang), f"{record} {field_name} {lang}")

    def test_i18n_po_files_cover_every_string(self):
        terms = self._i18n_source_terms()
        self.assertTrue(terms, "the addon exports no translatable term at all")
        i18n_dir = os.path.join(get_module_path(self.i18n_module), "i18n")
        for lang in self.i18n_langs:
            po_path = os.path.join(i18n_dir, f"{lang}.po")
            self.assertTrue(os.path.isfile(po_path), f"{po_path} is missing")
            translated = {
                entry.msgid
                for entry in polib.pofile(po_path)
                if entry.msgstr.strip() and "fuzzy" not in entry.flags and not entry.obsolete
            }
            missing = sorted(
                f"{where}: {term!r}" for term, where in terms.items() if term not in translated
            )
            self.assertFalse(
                missing,
                f"{len(missing)} term(s) of {self.i18n_module} untranslated in {lang}.po:\n"
                + "\n".join(missing[:30]),
            )
