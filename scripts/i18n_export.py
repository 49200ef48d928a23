"""Export the .pot of our addons from a live database and merge it into fr.po and ar.po.

Run by scripts/i18n.sh inside Odoo's environment:
    python scripts/i18n_export.py -c CONF -d DB --addons-path=... -- coop_gie coop_...
Terms that only come from demo records are left out (sample content, not interface).
Existing translations are kept; terms that disappeared are dropped.
"""

import importlib.util
import io
import os
import sys

import polib

import odoo
from odoo.modules.module import get_module_path
from odoo.tools.translate import trans_export

LANGS = ("fr", "ar")
PLURALS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
    ": n%100>=11 ? 4 : 5);",
}


def _common_i18n():
    """coop_gie's test helper, loaded by path: importing its package would load the tests."""
    path = os.path.join(get_module_path("coop_gie"), "tests", "common_i18n.py")
    spec = importlib.util.spec_from_file_location("coop_gie_common_i18n", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def is_demo_only(entry, demo):
    xmlids = {occurrence.rsplit(":", 1)[-1] for occurrence, _line in entry.occurrences}
    model_only = all(not occ.startswith("code:") for occ, _line in entry.occurrences)
    return model_only and xmlids <= demo


def export(env, module):
    buffer = io.BytesIO()
    trans_export(None, [module], buffer, "po", env.cr)
    pot = polib.pofile(buffer.getvalue().decode())
    demo = _common_i18n().demo_xmlids(module)
    for entry in [e for e in pot if is_demo_only(e, demo)]:
        pot.remove(entry)
    i18n_dir = os.path.join(get_module_path(module), "i18n")
    os.makedirs(i18n_dir, exist_ok=True)
    pot.save(os.path.join(i18n_dir, f"{module}.pot"))
    for lang in LANGS:
        path = os.path.join(i18n_dir, f"{lang}.po")
        po = polib.pofile(path) if os.path.exists(path) else polib.POFile()
        kept = {k: v for k, v in po.metadata.items() if k == "Plural-Forms" and v}
        po.metadata = {**pot.metadata, "Language": lang, "Plural-Forms": PLURALS[lang], **kept}
        po.merge(pot)
        for entry in [e for e in po if e.obsolete]:
            po.remove(entry)
        po.save(path)
        untranslated = len(po.untranslated_entries()) + len(po.fuzzy_entries())
        print(f"{module}/{lang}.po: {len(po)} terms, {untranslated} to translate")


def main():
    args = sys.argv[1:]
    split = args.index("--")
    odoo.tools.config.parse_config(args[:split])
    registry = odoo.modules.registry.Registry(odoo.tools.config["db_name"])
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        for module in args[split + 1 :]:
            export(env, module)


if __name__ == "__main__":
    main()
