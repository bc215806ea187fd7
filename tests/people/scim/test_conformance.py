"""scim2-tester, someone else's reading of RFC 7643/7644, run against Tandem's SCIM app."""

from __future__ import annotations

from collections import Counter
from typing import Any

from scim2_client.engines.wsgi import WSGISCIMClient
from scim2_tester import Status, check_server

FAILING = {Status.ERROR, Status.CRITICAL}


def test_scim2_tester_passes_every_check_it_runs(wsgi_app: Any, scim_token: str) -> None:
    client = WSGISCIMClient(
        wsgi_app,
        base_url="http://testserver/scim/v2",
        headers={"Authorization": f"Bearer {scim_token}"},
    )
    results = check_server(client)
    tally = Counter(r.status.name for r in results)
    failures = [f"{r.title}: {r.reason}" for r in results if r.status in FAILING]
    ran = sum(n for name, n in tally.items() if name != "SKIPPED")
    print(
        f"\nscim2-tester: {ran} checks run, {ran - len(failures)} passed, {len(failures)} failed, "
        f"{tally.get('SKIPPED', 0)} skipped; by status {dict(tally)}"
    )
    assert ran > 50
    assert failures == [], "\n".join(failures)
