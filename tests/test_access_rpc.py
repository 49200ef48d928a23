"""Least privilege seen from outside: the demo users over JSON-RPC, as the mobile app does."""

import pytest
from conftest import RpcError


@pytest.mark.parametrize("login", ["staff", "taoutemet", "tifaout", "customer"])
def test_demo_users_log_in_with_their_login_as_password(rpc, login):
    assert rpc(login).uid


def test_cooperative_manager_sees_only_her_cooperative(rpc):
    taoutemet = rpc("taoutemet")
    coops = taoutemet.execute(
        "res.partner", "search_read", [("is_cooperative", "=", True)], fields=["name", "coop_code"]
    )
    assert [c["coop_code"] for c in coops] == ["TAO"]
    staff = rpc("staff")
    all_codes = {
        c["coop_code"]
        for c in staff.execute(
            "res.partner", "search_read", [("is_cooperative", "=", True)], fields=["coop_code"]
        )
    }
    assert {"TAO", "TIF"} <= all_codes


def test_cooperative_manager_cannot_read_another_cooperative_by_id(rpc):
    staff = rpc("staff")
    [tifaout] = staff.execute("res.partner", "search", [("coop_code", "=", "TIF")])
    taoutemet = rpc("taoutemet")
    with pytest.raises(RpcError) as error:
        taoutemet.execute("res.partner", "read", [tifaout], fields=["name"])
    assert error.value.name == "odoo.exceptions.AccessError"


def test_cooperative_manager_cannot_change_her_membership_state(rpc):
    taoutemet = rpc("taoutemet")
    [membership] = taoutemet.execute("coop.membership", "search_read", [], fields=["state"])
    assert membership["state"] == "active"
    with pytest.raises(RpcError):
        taoutemet.execute("coop.membership", "write", [membership["id"]], {"state": "suspended"})
    [after] = taoutemet.execute("coop.membership", "read", [membership["id"]], fields=["state"])
    assert after["state"] == "active"


def test_portal_customer_reads_no_cooperative_register(rpc):
    customer = rpc("customer")
    with pytest.raises(RpcError) as error:
        customer.execute("coop.membership", "search_read", [], fields=["state"])
    assert error.value.name == "odoo.exceptions.AccessError"
