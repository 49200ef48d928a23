"""pytest against a live Odoo server, as a client would (started by scripts/test.sh).

COOP_URL and COOP_DB name the server and its database; tests that need them are skipped
only when run outside `make test` (which always sets them, and fails on any skip).
"""

import itertools
import os

import pytest
import requests

_ids = itertools.count(1)


class OdooRpc:
    """A minimal JSON-RPC client: login once, then call models as that user."""

    def __init__(self, url, db):
        self.url, self.db = url.rstrip("/"), db
        self.session = requests.Session()
        self.uid = None

    def call(self, service, method, *args):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": next(_ids),
            "params": {"service": service, "method": method, "args": args},
        }
        response = self.session.post(f"{self.url}/jsonrpc", json=payload, timeout=60)
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise RpcError(body["error"])
        return body["result"]

    def login(self, login, password):
        self.login_name, self.password = login, password
        self.uid = self.call("common", "authenticate", self.db, login, password, {})
        return self.uid

    def execute(self, model, method, *args, **kwargs):
        return self.call(
            "object",
            "execute_kw",
            self.db,
            self.uid,
            self.password,
            model,
            method,
            list(args),
            kwargs,
        )


class RpcError(Exception):
    def __init__(self, error):
        self.error = error
        data = error.get("data", {})
        self.name = data.get("name", "")
        super().__init__(f"{self.name}: {data.get('message', error.get('message'))}")


@pytest.fixture(scope="session")
def server():
    url, db = os.environ.get("COOP_URL"), os.environ.get("COOP_DB")
    if not (url and db):
        pytest.skip("COOP_URL/COOP_DB not set: run through `make test`")
    return url, db


@pytest.fixture
def rpc(server):
    def connect(login, password=None):
        client = OdooRpc(*server)
        uid = client.login(login, password or login)
        assert uid, f"login {login} refused"
        return client

    return connect


@pytest.fixture(scope="session")
def repo():
    return os.environ.get("COOP_REPO") or os.path.dirname(
        os.path.dirname(os.path.abspath(__file__))
    )
