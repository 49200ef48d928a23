"""Shared fixture for the tests of every coop addon.

``CoopCase`` builds, once per class, two eligible cooperatives of the GIE with their
manager users and a central staff user:

* ``cls.coop_a`` (code ``CPA``) and ``cls.coop_b`` (code ``CPB``): active members with a
  valid mandatory ONSSA certification (``cls.cert_a``, ``cls.cert_b``), hence
  ``coop_eligible``;
* ``cls.membership_a``, ``cls.membership_b``: their ``coop.membership``;
* ``cls.user_coop_a``, ``cls.user_coop_b``: cooperative managers (``group_coop_manager``,
  ``coop_id`` set), logins ``coop_a_manager`` / ``coop_b_manager``;
* ``cls.user_staff``: central staff (``group_gie_manager``), login ``coop_staff``;
* ``cls.product_coop``: a storable, lot-tracked ``coop_sourced`` product (product.product).

Helpers to build more: ``_create_cooperative``, ``_create_coop_manager``,
``_activate_membership``, ``_add_certification``. ``ImportMixin`` imports as a user does;
``load_migration`` loads an addon's migration script, to run it as an update does.
"""

import importlib.util
from datetime import timedelta
from unittest.mock import patch

from hypothesis import HealthCheck, settings

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user
from odoo.tools.misc import file_path
from odoo.tools.translate import code_translations


def load_migration(addon, version, script="post-migrate.py"):
    """The module of ``addon``'s migration ``script`` of ``version`` (its ``migrate(cr,
    version)``, its constants), loaded from its file as Odoo loads it on an update."""
    path = file_path(f"{addon}/migrations/{version}/{script}")
    name = f"{addon}_{version}_{script[:-3]}".replace(".", "_").replace("-", "_")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def property_settings(max_examples=100):
    """Settings of the suite's property-based tests: examples drawn afresh on every run
    (no example database kept in the repository) and no timing checks (a busy machine is
    not a failure of the code under test)."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )


class CoopCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # the GIE's time zone for whoever acts in a test (the superuser's is Brussels): a
        # date stamped by one (an application) and one stamped by another (its end) agree
        # at any hour, as they do for the GIE's staff, all in Morocco
        cls.env.user.tz = "Africa/Casablanca"
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.cert_type_onssa = cls.env.ref("coop_gie.cert_type_onssa")
        cls.coop_a = cls._create_cooperative("Coopérative Test A", "CPA")
        cls.coop_b = cls._create_cooperative("Coopérative Test B", "CPB")
        cls.cert_a = cls._add_certification(cls.coop_a)
        cls.cert_b = cls._add_certification(cls.coop_b)
        cls.membership_a = cls._activate_membership(cls.coop_a)
        cls.membership_b = cls._activate_membership(cls.coop_b)
        cls.user_coop_a = cls._create_coop_manager(cls.coop_a, "coop_a_manager")
        cls.user_coop_b = cls._create_coop_manager(cls.coop_b, "coop_b_manager")
        cls.user_staff = new_test_user(
            cls.env,
            login="coop_staff",
            name="GIE Staff",
            groups="base.group_user,base.group_partner_manager,coop_gie.group_gie_manager",
            tz="Africa/Casablanca",
        )
        cls.product_coop = cls.env["product.product"].create(
            {
                "name": "Test argan oil",
                "type": "consu",
                "is_storable": True,
                "tracking": "lot",
                "coop_sourced": True,
                "list_price": 100.0,
            }
        )

    @classmethod
    def _create_cooperative(cls, name, code, **values):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "is_cooperative": True,
                "coop_code": code,
                "country_id": cls.env.ref("base.ma").id,
                "lang": "fr_FR" if cls.env["res.lang"]._lang_get("fr_FR") else "en_US",
                **values,
            }
        )

    @classmethod
    def _create_coop_manager(cls, coop, login, **values):
        return new_test_user(
            cls.env,
            login=login,
            name=values.pop("name", f"Manager {coop.coop_code}"),
            groups="coop_gie.group_coop_manager",
            coop_id=coop.id,
            **values,
        )

    @classmethod
    def _activate_membership(cls, coop):
        """Candidate -> under review -> selected -> active, checklist filled as facts."""
        membership = cls.env["coop.membership"].create({"partner_id": coop.id})
        for line in membership.requirement_ids:
            line.fact = f"OK {line.type_id.code}"
        membership.action_review()
        membership.action_select()
        membership.action_activate()
        return membership

    @classmethod
    def _add_certification(cls, coop, cert_type=None, days_valid=365, state="valid", **values):
        return cls.env["coop.certification"].create(
            {
                "partner_id": coop.id,
                "type_id": (cert_type or cls.cert_type_onssa).id,
                "number": f"T-{coop.coop_code}",
                "state": state,
                "date_from": cls.today - timedelta(days=30),
                "date_to": cls.today + timedelta(days=days_valid),
                **values,
            }
        )

    @classmethod
    def _link_products(cls, certification, products):
        certification.product_tmpl_ids = [Command.link(p.product_tmpl_id.id) for p in products]


class ImportMixin:
    """Odoo's import (base_import), as a user runs it, and French translations in tests."""

    def _import(self, user, model, header, rows, lang="en_US"):
        """Import ``rows`` (lists of cells) under ``header`` into ``model`` as ``user``
        does with Odoo's import, in ``lang``: the messages of the import."""
        text = "\n".join(",".join(str(cell) for cell in row) for row in [header, *rows])
        wizard = (
            self.env["base_import.import"]
            .with_user(user)
            .with_context(lang=lang)
            .create({"res_model": model, "file": text.encode(), "file_type": "text/csv"})
        )
        result = wizard.execute_import(
            header,
            header,
            {"quoting": '"', "separator": ",", "has_headers": True, "date_format": "%Y-%m-%d"},
        )
        self.assertFalse(result["ids"], "a refused import creates nothing")
        return [message["message"] for message in result["messages"]]

    def _french(self, module, translations):
        """Odoo's French of ``module``, with ``translations`` ({English: French}) of terms
        whose translations are not in its .po files yet."""
        self.env["res.lang"]._activate_lang("fr_FR")
        key = (module, "fr_FR")
        french = dict(code_translations.get_python_translations(*key), **translations)
        return patch.dict(code_translations.python_translations, {key: french})
