"""The served product answers as users reach it: login page, shop, JSON-RPC."""

import requests

COOP_ADDONS = {
    "coop_gie",
    "coop_order_routing",
    "coop_traceability",
    "coop_website_shop",
    "coop_account",
}


def test_login_page_and_shop_answer(server):
    url, _db = server
    for path in ("/web/login", "/shop"):
        response = requests.get(url + path, timeout=60)
        assert response.status_code == 200, path


def test_every_addon_of_the_suite_is_installed(rpc):
    admin = rpc("admin")
    installed = admin.execute(
        "ir.module.module",
        "search_read",
        [("name", "in", sorted(COOP_ADDONS)), ("state", "=", "installed")],
        fields=["name"],
    )
    assert {m["name"] for m in installed} == COOP_ADDONS


def test_wrong_password_is_refused(server):
    from conftest import OdooRpc

    client = OdooRpc(*server)
    assert not client.login("admin", "not-the-password")


def test_company_books_use_the_moroccan_chart(rpc):
    admin = rpc("admin")
    [company] = admin.execute(
        "res.company", "search_read", [("id", "=", 1)], fields=["chart_template", "currency_id"]
    )
    assert company["chart_template"] == "ma"
    assert company["currency_id"][1] == "MAD"


def test_demo_shop_sells_the_cooperatives_products(server):
    url, _db = server
    shop = requests.get(url + "/fr/shop", timeout=60).text
    assert "Huile d’argan alimentaire" in shop
    assert "Couscous d’orge" in shop
    cooperatives = requests.get(url + "/fr/cooperatives", timeout=60).text
    assert "Taoutemet N'Ochan" in cooperatives or "Taoutemet N&#39;Ochan" in cooperatives
