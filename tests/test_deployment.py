"""The deployment files say what the README promises (no Docker engine runs here)."""

import configparser
import os

import yaml


def _read(repo, *path):
    with open(os.path.join(repo, *path), encoding="utf-8") as f:
        return f.read()


def test_compose_runs_postgres_16_and_odoo_18_with_our_addons_and_config(repo):
    compose = yaml.safe_load(_read(repo, "docker-compose.yml"))
    services = compose["services"]
    assert services["db"]["image"] == "postgres:16"
    assert "healthcheck" in services["db"] and "healthcheck" in services["odoo"]
    dockerfile = _read(repo, compose["services"]["odoo"]["build"]["dockerfile"])
    assert "FROM odoo:18.0" in dockerfile.splitlines()
    for name in ("odoo", "tests"):
        volumes = services[name]["volumes"]
        assert "./addons:/mnt/extra-addons:ro" in volumes
        assert "./config/odoo.conf:/etc/odoo/odoo.conf:ro" in volumes
        assert "-c /etc/odoo/odoo.conf" in services[name]["command"]
    assert services["tests"]["profiles"] == ["test"]
    assert "--test-enable" in services["tests"]["command"]
    assert set(compose["volumes"]) == {"db-data", "odoo-filestore"}
    for mount in services["odoo"]["volumes"]:
        source = mount.split(":")[0]
        if source.startswith("./"):
            assert os.path.exists(os.path.join(repo, source)), source


def test_production_config_is_locked_down(repo):
    config = configparser.ConfigParser()
    config.read_string(_read(repo, "config", "odoo.conf"))
    options = config["options"]
    assert options["proxy_mode"] == "True"
    assert options["list_db"] == "False"
    assert options["dbfilter"]
    assert int(options["workers"]) >= 2
    assert int(options["limit_memory_hard"]) > int(options["limit_memory_soft"])
    assert "/mnt/extra-addons" in options["addons_path"]
    assert "db_password" not in options
