"""Benchmark of the cooperative storefront beside plain website_sale.

Run it inside ``odoo-bin shell`` on a database where coop_website_shop is installed::

    from odoo.addons.coop_website_shop.bench import bench_shop
    bench_shop.run(env)                        # in-process requests, nothing is committed
    bench_shop.run(env, base_url="http://127.0.0.1:8069")  # + timings of a live server

In-process, the requests go through Odoo's WSGI application on the shell's own cursor
(the registry's test mode, as HttpCase does): the bench data is rolled back at the end and
every SQL query of a request is counted. Pages measured, 24 products per page:

* ``shop_coop``: ``/shop`` listing 24 cooperative products (badges, filters);
* ``shop_off``: the same URL with our storefront code switched off (plain website_sale);
* ``shop_plain``: ``/shop`` listing 24 products not made by cooperatives;
* the same with 12 products, to show the queries added per product (must be 0);
* ``/cooperatives/<slug>`` of a cooperative making 24 and 6 products.

Each figure is printed as ``bench: <name> = <value> <unit>``. With ``base_url``, a live
server is also timed on the pages of the data it holds (``/shop?ppg=24``, ``/cooperatives``
and the page of the first public cooperative): the bench data is never committed.
"""

import statistics
import sys
import threading
import time
from contextlib import contextmanager, nullcontext
from datetime import timedelta
from unittest.mock import patch

from werkzeug.test import EnvironBuilder

import odoo
from odoo import Command, fields
from odoo.addons.website_sale.controllers.main import WebsiteSale

from ..controllers.shop import CoopWebsiteSale

PREFIX = "Bench Shop"


def _print(name, value, unit):
    """One result line on stdout, the format scripts/bench.sh collects."""
    sys.stdout.write(f"bench: {name} = {value} {unit}\n")
    sys.stdout.flush()


def _cooperative(env, name, code):
    """An eligible cooperative: active GIE member with a valid mandatory certification."""
    today = fields.Date.context_today(env["res.partner"])
    coop = env["res.partner"].create(
        {
            "name": name,
            "is_company": True,
            "is_cooperative": True,
            "coop_code": code,
            "country_id": env.ref("base.ma").id,
            "state_id": env.ref("coop_gie.state_ma_10").id,
            "coop_member_count": 30,
            "coop_women_count": 30,
            "coop_story": "<p>Bench cooperative.</p>",
        }
    )
    for cert_type in env["coop.certification.type"].search(
        ["|", ("mandatory", "=", True), ("code", "=", "IGP_ARGANE")]
    ):
        env["coop.certification"].create(
            {
                "partner_id": coop.id,
                "type_id": cert_type.id,
                "number": f"BENCH-{code}-{cert_type.code}",
                "state": "valid",
                "date_from": today - timedelta(days=10),
                "date_to": today + timedelta(days=300),
            }
        )
    membership = env["coop.membership"].create({"partner_id": coop.id})
    for line in membership.requirement_ids:
        line.fact = "bench"
    membership.action_review()
    membership.action_select()
    membership.action_activate()
    if not coop.coop_eligible:
        raise RuntimeError(f"bench cooperative not eligible: {coop.coop_ineligible_reason}")
    return coop


def _products(env, label, count, coop=None):
    values = []
    for i in range(count):
        vals = {
            "name": f"{PREFIX} {label} {i:02d}",
            "list_price": 20 + i,
            "type": "consu",
            "is_published": True,
            "website_sequence": 1,
        }
        if coop:
            vals.update(
                coop_sourced=True,
                seller_ids=[Command.create({"partner_id": coop.id, "price": 10 + i})],
            )
        values.append(vals)
    return env["product.template"].create(values)


class _InProcess:
    """Requests through Odoo's WSGI application on the shell's cursor (test mode)."""

    def __init__(self, env):
        self.env = env
        website = env["website"].get_current_website()
        session = odoo.http.root.session_store.new()
        session.update(odoo.http.get_default_session(), db=env.cr.dbname)
        odoo.http.root.session_store.save(session)
        self.headers = {
            "Cookie": f"session_id={session.sid}; frontend_lang={website.default_lang_id.code}"
        }

    def get(self, url):
        self.env.flush_all()
        thread = threading.current_thread()
        start = time.perf_counter()
        status = []
        environ = EnvironBuilder(path=url, headers=self.headers).get_environ()
        body = b"".join(
            odoo.http.root(environ, lambda code, headers, exc=None: status.append(code))
        )
        elapsed = time.perf_counter() - start
        if not status or not status[0].startswith("200") or not body:
            raise RuntimeError(f"{url}: HTTP {status}")
        return getattr(thread, "query_count", 0), elapsed


@contextmanager
def _test_mode(env):
    env.flush_all()
    env.registry.enter_test_mode(env.cr)
    try:
        yield
    finally:
        env.registry.leave_test_mode()


@contextmanager
def _plain_website_sale(env):
    """Switch our storefront code off: plain website_sale renders the same URLs."""
    Website = type(env["website"])
    with (
        patch.object(
            CoopWebsiteSale,
            "_get_additional_extra_shop_values",
            WebsiteSale._get_additional_extra_shop_values,
        ),
        patch.object(Website, "_product_domain", lambda self: [("sale_ok", "=", True)]),
    ):
        yield


def _measure(page, url, rounds, switch=nullcontext):
    with switch():
        page.get(url)  # warm-up: routing map, assets, views
    counts, times = [], []
    for _round in range(rounds):
        with switch():
            page.env.invalidate_all()
            count, elapsed = page.get(url)
        counts.append(count)
        times.append(elapsed)
    return max(counts), statistics.median(times) * 1000


def run(env, base_url=None, rounds=5):
    """Measure and print; everything created here is rolled back."""
    env = env(context=dict(env.context, tracking_disable=True))
    savepoint = env.cr.savepoint()
    try:
        coop_big = _cooperative(env, f"{PREFIX} Coop 24", "BNCHA")
        coop_small = _cooperative(env, f"{PREFIX} Coop 6", "BNCHB")
        _products(env, "Coop", 24, coop_big)
        _products(env, "Small", 6, coop_small)
        _products(env, "Plain", 24)
        urls = {
            "shop_coop": f"/shop?search={PREFIX}+Coop&ppg=%s",
            "shop_plain": f"/shop?search={PREFIX}+Plain&ppg=%s",
            "coop_page_24": coop_big.coop_website_url,
            "coop_page_6": coop_small.coop_website_url,
        }
        results = {}
        with _test_mode(env):
            page = _InProcess(env)
            for ppg in (24, 12):
                results[f"shop_coop_{ppg}"] = _measure(page, urls["shop_coop"] % ppg, rounds)
                results[f"shop_plain_{ppg}"] = _measure(page, urls["shop_plain"] % ppg, rounds)
                results[f"shop_off_{ppg}"] = _measure(
                    page, urls["shop_coop"] % ppg, rounds, lambda: _plain_website_sale(env)
                )
            results["coop_page_24"] = _measure(page, urls["coop_page_24"], rounds)
            results["coop_page_6"] = _measure(page, urls["coop_page_6"], rounds)
        _report(results)
    finally:
        savepoint.rollback()
        env.invalidate_all()
    if base_url:
        _time_live(env, base_url, rounds)
    return results


def _report(results):
    for name, (queries, ms) in results.items():
        _print(f"{name}_queries", queries, "queries")
        _print(f"{name}_time", f"{ms:.1f}", "ms")
    coop, plain, off = (
        results["shop_coop_24"],
        results["shop_plain_24"],
        results["shop_off_24"],
    )
    _print("shop_coop_vs_plain_queries_ratio", f"{coop[0] / plain[0]:.2f}", "x")
    _print("shop_coop_vs_plain_time_ratio", f"{coop[1] / plain[1]:.2f}", "x")
    _print("shop_badges_filters_added_queries", coop[0] - off[0], "queries")
    _print("shop_coop_vs_off_time_ratio", f"{coop[1] / off[1]:.2f}", "x")
    for label in ("coop", "plain", "off"):
        big, small = results[f"shop_{label}_24"], results[f"shop_{label}_12"]
        _print(
            f"shop_{label}_queries_per_extra_product", f"{(big[0] - small[0]) / 12:.2f}", "queries"
        )
    page_24, page_6 = results["coop_page_24"], results["coop_page_6"]
    _print("coop_page_queries_per_extra_product", f"{(page_24[0] - page_6[0]) / 18:.2f}", "queries")
    _print("coop_page_vs_plain_shop_time_ratio", f"{page_24[1] / plain[1]:.2f}", "x")


def _time_live(env, base_url, rounds):
    """Response times of a live server on the data it holds (the demo), not the bench's."""
    import requests

    paths = {"shop_24": "/shop?ppg=24", "cooperatives": "/cooperatives"}
    coop = env["coop.shop.filter"]._public_cooperatives()[:1]
    if coop:
        paths["coop_page"] = coop.coop_website_url
    for name, path in paths.items():
        url = base_url.rstrip("/") + path
        requests.get(url, timeout=60)  # warm-up
        times = []
        for _round in range(rounds):
            start = time.perf_counter()
            response = requests.get(url, timeout=60)
            times.append(time.perf_counter() - start)
        if response.status_code != 200:
            _print(f"live_{name}_status", response.status_code, "http")
            continue
        _print(f"live_{name}_time", f"{statistics.median(times) * 1000:.1f}", "ms")
