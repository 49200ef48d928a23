"""Count the tests of our addons in an Odoo test log and in pytest JUnit reports.

Odoo's own summary counts skipped tests as run, and a tour silently skips without
websocket-client: this script reads every test one by one instead and prints
``N passed, N failed, N skipped``. A skipped test of ours is a failure of the suite.

Usage: test_summary.py --odoo-log LOG [--junit XML ...] [--addons a,b]
"""

import argparse
import re
import sys
import xml.etree.ElementTree as ET

LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) \S+ "
    r"(?P<logger>odoo\.addons\.(?P<addon>\w+)\.tests(?:\.\w+)*): (?P<msg>.*)$"
)
STARTING = re.compile(r"^Starting (?P<test>\S+) \.\.\.$")
FAILED = re.compile(r"^(?P<kind>FAIL|ERROR): (?P<test>.+)$")
SKIPPED = re.compile(r"^skipped (?P<test>\S+) : (?P<reason>.*)$")
# Errors outside a test method (setUpClass, tearDownClass...) are logged by odoo.tests.suite.
CLASS_ERROR = re.compile(
    r" (?:ERROR|CRITICAL) \S+ \S+: (?P<kind>FAIL|ERROR): (?P<step>\w+) "
    r"\((?P<cls>odoo\.addons\.(?P<addon>\w+)\.tests[\w.]*)\)"
)


def parse_odoo_log(path, addons):
    started, failed, skipped = {}, {}, {}
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            if (m := CLASS_ERROR.search(line)) and m["addon"] in addons:
                failed[f"{m['cls']}.{m['step']}"] = m["kind"]
                continue
            match = LOG_LINE.match(line.rstrip())
            if not match or match["addon"] not in addons:
                continue
            key_prefix = match["logger"]
            msg = match["msg"].strip()
            if m := STARTING.match(msg):
                started[f"{key_prefix}.{m['test']}"] = True
            elif m := FAILED.match(msg):
                test = m["test"].removeprefix("Subtest ").split(" ")[0]
                failed[f"{key_prefix}.{test}"] = m["kind"]
            elif m := SKIPPED.match(msg):
                skipped[f"{key_prefix}.{m['test']}"] = m["reason"]
    passed = [t for t in started if t not in failed and t not in skipped]
    return passed, failed, skipped


def parse_junit(path):
    passed, failed, skipped = [], {}, {}
    for case in ET.parse(path).getroot().iter("testcase"):
        name = f"{case.get('classname')}.{case.get('name')}"
        if case.find("failure") is not None or case.find("error") is not None:
            failed[name] = "FAIL"
        elif case.find("skipped") is not None:
            skipped[name] = case.find("skipped").get("message", "")
        else:
            passed.append(name)
    return passed, failed, skipped


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--odoo-log")
    parser.add_argument("--junit", action="append", default=[])
    parser.add_argument("--addons", default="")
    args = parser.parse_args()
    addons = set(filter(None, args.addons.split(",")))
    passed, failed, skipped = [], {}, {}
    per_addon = {}
    if args.odoo_log:
        p, f, s = parse_odoo_log(args.odoo_log, addons)
        passed += p
        failed.update(f)
        skipped.update(s)
        for name in [*p, *f, *s]:
            addon = name.split(".")[2]
            per_addon[addon] = per_addon.get(addon, 0) + 1
    for junit in args.junit:
        p, f, s = parse_junit(junit)
        passed += p
        failed.update(f)
        skipped.update(s)
        per_addon["pytest"] = per_addon.get("pytest", 0) + len(p) + len(f) + len(s)
    for name, kind in sorted(failed.items()):
        print(f"  {kind}: {name}")
    for name, reason in sorted(skipped.items()):
        print(f"  SKIPPED (not allowed): {name}: {reason}")
    missing = sorted(a for a in addons if not per_addon.get(a))
    for addon in missing:
        print(f"  NO TEST RAN for addon {addon}")
    print("  tests per addon: " + ", ".join(f"{k}={v}" for k, v in sorted(per_addon.items())))
    print(f"{len(passed)} passed, {len(failed)} failed, {len(skipped)} skipped")
    return 1 if failed or skipped or missing or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
