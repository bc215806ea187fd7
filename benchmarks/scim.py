"""Benchmark SCIM provisioning as an identity provider drives it.

Provisions N users (default 10,000) with ``POST /scim/v2/Users`` (core + enterprise
extension, a manager chain given as Entra does, by bare id), looks 1,000 of them up by
``userName eq`` (what Okta does before each create), then sends a PATCH wave to 1,000 users
(Entra-style capitalised ``Replace`` of title and department; every tenth one a
deactivation). Requests go through Django's full WSGI stack in-process (middleware, token
check, scim2-models validation, the ORM), so the figures are the server's own throughput
without network.

    .venv/bin/python benchmarks/scim.py                      # SQLite, then PostgreSQL
    .venv/bin/python benchmarks/scim.py --users 2000 --database sqlite
    .venv/bin/python benchmarks/scim.py --postgres-url postgres://postgres@127.0.0.1:5432/bench

The PostgreSQL database (created when missing) is emptied first: give it one of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/tandem_scim_bench"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
DEPARTMENTS = ["Engineering", "Sales", "Marketing", "Finance", "People", "Operations", "Data"]


def _setup(database_url: str, data_dir: Path) -> None:
    os.environ["TANDEM_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tandem.config.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
        _ensure_postgres_database(database_url)
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT / "src"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("flush", verbosity=0, interactive=False)


def _ensure_postgres_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _user(n: int, manager_id: str | None) -> dict[str, Any]:
    enterprise: dict[str, Any] = {
        "employeeNumber": f"B{n:06d}",
        "department": DEPARTMENTS[n % len(DEPARTMENTS)],
    }
    if manager_id:
        enterprise["manager"] = manager_id
    return {
        "schemas": [USER, ENTERPRISE],
        "userName": f"user{n:06d}@bench.example.com",
        "externalId": f"ext-{n:06d}",
        "name": {"givenName": f"Given{n}", "familyName": f"Family{n}"},
        "displayName": f"Given{n} Family{n}",
        "emails": [{"value": f"user{n:06d}@bench.example.com", "type": "work", "primary": True}],
        "title": "Engineer",
        "active": True,
        ENTERPRISE: enterprise,
    }


def _timed(calls: list[Any], send: Any) -> tuple[float, list[float], list[Any]]:
    latencies, results = [], []
    start = time.perf_counter()
    for call in calls:
        t0 = time.perf_counter()
        results.append(send(call))
        latencies.append(time.perf_counter() - t0)
    return time.perf_counter() - start, latencies, results


def _row(name: str, seconds: float, latencies: list[float]) -> dict[str, Any]:
    ordered = sorted(latencies)
    return {
        "operation": name,
        "requests": len(latencies),
        "seconds": round(seconds, 2),
        "rps": round(len(latencies) / seconds, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 1),
    }


def run(users: int, wave: int, seed: int) -> list[dict[str, Any]]:
    from django.db import connection
    from django.test import Client

    from tandem.accounts.models import User
    from tandem.people.scim.tokens import create_scim_token

    admin = User.objects.create_user(email="bench-admin@example.com", is_org_admin=True)
    _, token = create_scim_token(actor=admin, name="benchmark")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    rng = random.Random(seed)
    ids: list[str] = []

    def post(n: int) -> Any:
        # a tree: each person reports to someone provisioned before them (span ~6)
        manager = ids[(n - 1) // 6] if n else None
        response = client.post(
            "/scim/v2/Users", json.dumps(_user(n, manager)), content_type="application/scim+json"
        )
        assert response.status_code == 201, response.content
        ids.append(response.json()["id"])
        return response

    rows = [_row("POST /Users (create)", *_timed(list(range(users)), post)[:2])]

    lookups = rng.sample(range(users), min(wave, users))

    def find(n: int) -> Any:
        expression = f'userName eq "user{n:06d}@bench.example.com"'
        response = client.get("/scim/v2/Users", {"filter": expression})
        assert response.json()["totalResults"] == 1
        return response

    rows.append(_row("GET /Users?filter=userName eq", *_timed(lookups, find)[:2]))

    targets = rng.sample(range(users), min(wave, users))

    def patch(n: int) -> Any:
        operations = [
            {"op": "Replace", "path": "title", "value": "Senior Engineer"},
            {"op": "Replace", "path": f"{ENTERPRISE}:department", "value": "Research"},
        ]
        if n % 10 == 0:
            operations.append({"op": "Replace", "path": "active", "value": "False"})
        body = {"schemas": [PATCH], "Operations": operations}
        response = client.patch(
            f"/scim/v2/Users/{ids[n]}", json.dumps(body), content_type="application/scim+json"
        )
        assert response.status_code == 200, response.content
        return response

    rows.append(_row("PATCH /Users/{id} (wave)", *_timed(targets, patch)[:2]))
    rows[-1]["database"] = rows[0]["database"] = rows[1]["database"] = connection.vendor
    return rows


def _child(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="tandem-scim-bench-") as tmp:
        _setup(args.child_database, Path(tmp))
        rows = run(args.users, args.wave, args.seed)
    print("ROWS " + json.dumps(rows))
    return 0


def _print(rows: list[dict[str, Any]]) -> None:
    header = (
        f"{'database':<11}{'operation':<34}{'requests':>9}{'seconds':>9}{'req/s':>9}"
        f"{'p50 ms':>8}{'p95 ms':>8}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['database']:<11}{r['operation']:<34}{r['requests']:>9}{r['seconds']:>9}"
            f"{r['rps']:>9}{r['p50_ms']:>8}{r['p95_ms']:>8}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--wave", type=int, default=1_000, help="users looked up and patched")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG))
    parser.add_argument("--child-database", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_database is not None:
        return _child(args)
    targets = {"sqlite": [""], "postgres": [args.postgres_url], "both": ["", args.postgres_url]}
    rows: list[dict[str, Any]] = []
    for url in targets[args.database]:
        command = [
            sys.executable,
            __file__,
            "--users",
            str(args.users),
            "--wave",
            str(args.wave),
            "--seed",
            str(args.seed),
            "--child-database",
            url,
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        lines = [line for line in done.stdout.splitlines() if line.startswith("ROWS ")]
        if done.returncode or not lines:
            print(f"{url or 'sqlite'} failed:\n{done.stderr[-3000:]}", file=sys.stderr)
            return 1
        rows.extend(json.loads(lines[-1][5:]))
    print(f"SCIM provisioning: {args.users:,} users created, {args.wave:,} looked up and patched")
    _print(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
