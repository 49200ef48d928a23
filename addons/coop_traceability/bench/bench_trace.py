"""Benchmark of the public trace page and of the labels.

Call it from an Odoo shell on the database a server is serving (the lead starts the
server with ``workers = 2``)::

    odoo-bin shell -c config/odoo.conf -d coop_demo --no-http <<'PY'
    from odoo.addons.coop_traceability.bench.bench_trace import run
    run(env, "http://127.0.0.1:8069")
    PY

It prints ``bench: <name> = <value> <unit>`` lines:

* ``trace_sql_queries``: SQL queries to find and render one trace page (lookup by GS1
  Digital Link and QWeb rendering, in process, ORM cache cleared before each request:
  the cold-cache cost a worker pays; the HTTP path is also guarded by assertQueryCount in
  the tests);
* ``trace_requests_per_second`` and ``trace_latency_p95``: GET of the trace page by
  ``clients`` concurrent threads over loopback, ``requests`` in total (bounded);
* ``zpl_500_labels`` and ``pdf_100_labels``: time to render 500 ZPL labels and 100 PDF
  labels (real wkhtmltopdf).

Without demo data it creates and commits one published fixture lot (bench databases are
throwaway copies).
"""

import contextlib
import resource
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from odoo import fields

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_REQUESTS = 5000


def _print(name, value, unit):
    sys.stdout.write(f"bench: {name} = {value} {unit}\n")
    sys.stdout.flush()


BENCH_GTIN = "6119999000992"  # valid EAN-13, kept apart from the demo products


def _published_lot(env):
    """A published cooperative lot, not blocked by quality (its page is a 404): the demo's,
    else a fixture made here (bench databases are throwaway copies; the fixture is committed
    so that the HTTP server sees it)."""
    lot = env["stock.lot"].search(
        [
            ("coop_published", "=", True),
            ("coop_blocked", "=", False),
            ("coop_partner_id", "!=", False),
        ],
        limit=1,
    )
    if lot:
        return lot
    today = fields.Date.context_today(env["stock.lot"])
    partners = env["res.partner"]
    coop = partners.search(
        [("is_cooperative", "=", True), ("coop_code", "!=", False)], limit=1
    ) or partners.create(
        {
            "name": "Bench cooperative",
            "is_company": True,
            "is_cooperative": True,
            "coop_code": "BENCH",
            "coop_member_count": 30,
            "coop_women_count": 30,
            "coop_story": "<p>Cooperative used by the benchmark.</p>",
        }
    )
    product = env["product.product"].search([("barcode", "=", BENCH_GTIN)], limit=1)
    if not product:
        product = env["product.product"].create(
            {
                "name": "Bench argan oil 250 ml",
                "is_storable": True,
                "tracking": "lot",
                "barcode": BENCH_GTIN,
                "coop_net_content": "250 ml",
            }
        )
    point = env["coop.quality.point"].create(
        {
            "product_tmpl_id": product.product_tmpl_id.id,
            "name": "Acidity",
            "unit": "%",
            "min_value": 0,
            "max_value": 0.8,
        }
    )
    lot = env["stock.lot"].create(
        {
            "name": coop._coop_next_lot_name(today),
            "product_id": product.id,
            "coop_partner_id": coop.id,
            "coop_production_date": today,
            "coop_origin_douar": "Douar Ait Bouhou",
            "coop_origin_commune": "Oujane",
            "coop_published": True,
        }
    )
    env["coop.quality.check"].create(
        {"point_id": point.id, "lot_id": lot.id, "product_id": product.id, "value": 0.5}
    )
    env.cr.commit()
    return lot


def bench_queries(env, lot, rounds=5):
    """SQL queries of lookup + rendering of one trace page, cold ORM cache."""
    path = lot._coop_trace_path()
    gtin, lot_name = (
        (path.split("/")[2], path.split("/")[4]) if path.startswith("/01/") else (None, None)
    )
    counts = []
    for _round in range(rounds):
        env.invalidate_all()
        start = env.cr.sql_log_count
        found = env["stock.lot"]._coop_find_published(
            gtin=gtin, lot_name=lot_name, token=None if gtin else path.rsplit("/", 1)[1]
        )
        values = found._coop_trace_values("fr_FR")
        env["ir.qweb"].with_context(lang="fr_FR")._render(
            "coop_traceability.trace_page",
            {"trace": values, "lang": "fr_FR", "html_lang": "fr-FR", "direction": "ltr"},
        )
        counts.append(env.cr.sql_log_count - start)
    _print("trace_sql_queries", min(counts), "queries/request")
    return min(counts)


def bench_http(url, clients=4, requests=200, timeout=10):
    """Requests per second of ``clients`` threads GETting ``url`` (loopback only)."""
    host = urlsplit(url).hostname
    if host not in LOOPBACK:
        raise ValueError(f"The benchmark only targets loopback, not {host}")
    requests = min(int(requests), MAX_REQUESTS)
    clients = max(1, min(int(clients), 32))
    latencies, errors = [], []
    lock = threading.Lock()
    counter = iter(range(requests))

    def worker():
        while True:
            with lock:
                if next(counter, None) is None:
                    return
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=timeout) as response:
                    response.read()
                    ok = response.status == 200
            except (urllib.error.URLError, OSError) as exc:
                ok = False
                with lock:
                    errors.append(str(exc))
            elapsed = time.perf_counter() - start
            with lock:
                if ok:
                    latencies.append(elapsed)

    urllib.request.urlopen(url, timeout=timeout).read()
    threads = [threading.Thread(target=worker) for _i in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.perf_counter() - start
    rps = len(latencies) / duration if duration else 0.0
    _print("trace_requests_per_second", f"{rps:.1f}", f"req/s ({clients} clients)")
    if latencies:
        p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 1 else latencies[0]
        _print("trace_latency_p95", f"{p95 * 1000:.1f}", "ms")
    _print("trace_failed_requests", requests - len(latencies), "requests")
    return rps


@contextlib.contextmanager
def _wkhtmltopdf_address_space():
    """wkhtmltopdf (QtWebKit) segfaults under an RLIMIT_AS below ~1.5 GiB, which Odoo sets
    from ``limit_memory_hard``: lift the soft limit while the PDF labels render."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def bench_labels(env, lot, zpl_count=500, pdf_count=100):
    report = env["ir.actions.report"]
    start = time.perf_counter()
    zpl, _type = report._render_qweb_text(
        "coop_traceability.action_report_coop_lot_label_zpl", [lot.id] * zpl_count
    )
    zpl_time = time.perf_counter() - start
    assert zpl.count(b"^XA") == zpl_count
    _print(
        "zpl_500_labels" if zpl_count == 500 else f"zpl_{zpl_count}_labels", f"{zpl_time:.2f}", "s"
    )
    with _wkhtmltopdf_address_space():
        start = time.perf_counter()
        pdf, _type = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "coop_traceability.action_report_coop_lot_label", [lot.id] * pdf_count
        )
    pdf_time = time.perf_counter() - start
    assert pdf.startswith(b"%PDF")
    _print(
        "pdf_100_labels" if pdf_count == 100 else f"pdf_{pdf_count}_labels", f"{pdf_time:.2f}", "s"
    )
    return zpl_time, pdf_time


def run(env, base_url=None, clients=4, requests=200, labels=True):
    """Run every measure; ``base_url`` (loopback) enables the HTTP throughput part."""
    lot = _published_lot(env)
    bench_queries(env, lot)
    if base_url:
        bench_http(base_url.rstrip("/") + lot._coop_trace_path(), clients, requests)
    if labels:
        if base_url:
            # wkhtmltopdf fetches the report stylesheets from this server (not committed).
            env["ir.config_parameter"].sudo().set_param(  # sudo: bench set-up, throwaway database
                "report.url", base_url.rstrip("/")
            )
        bench_labels(env, lot)
