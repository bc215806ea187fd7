"""Why a SAML response was refused, in words an admin can act on, and replay protection.

pysaml2 decides (signature, audience, time, destination); when it refuses, the response is
read again here, untrusted, to name what did not match — the audience or entity id, the
ACS URL, the clock, the signing certificate — the commonest first SSO failures."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from defusedxml import ElementTree
from django.db import IntegrityError, transaction

from tandem.core import clock

from .models import SamlAssertionUse

NS = {
    "samlp": "urn:oasis:names:tc:SAML:2.0:protocol",
    "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
    "ds": "http://www.w3.org/2000/09/xmldsig#",
}
SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success"
REPLAYED = "Response replayed"
REPLAYED_DETAIL = "This SAML assertion was already used to sign in; each can be used once."
UNREADABLE = "Unreadable SAML response"
GENERIC = "SAML response refused"


class ReplayedAssertion(Exception):  # noqa: N818 — reads as a verdict
    pass


@dataclass
class Problem:
    title: str
    detail: str
    hint: str = ""
    rows: list[dict[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{r['check']}: sent {r['sent']}, expected {r['expected']}" for r in self.rows]
        return "; ".join([self.detail, *parts])[:500]


def record_assertion_use(response: Any) -> None:
    """Remember the assertion until it expires; a second use is a replay."""
    assertion = response.assertion
    until = clock.now() + dt.timedelta(minutes=10)
    conditions = getattr(assertion, "conditions", None)
    if conditions is not None and conditions.not_on_or_after:
        until = dt.datetime.fromisoformat(conditions.not_on_or_after.replace("Z", "+00:00"))
    SamlAssertionUse.objects.filter(not_on_or_after__lt=clock.now() - dt.timedelta(days=1)).delete()
    try:
        with transaction.atomic():
            SamlAssertionUse.objects.create(assertion_id=assertion.id, not_on_or_after=until)
    except IntegrityError as exc:
        raise ReplayedAssertion(assertion.id) from exc


def _parse_time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _row(check: str, sent: str, expected: str) -> dict[str, str]:
    return {"check": check, "sent": sent or "(nothing)", "expected": expected}


def _fingerprint(pem_body: str) -> str:
    der = base64.b64decode("".join(pem_body.split()))
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, 16, 2)) + "…"


def _time_rows(assertion: Any, skew: int) -> list[dict[str, str]]:
    now = clock.now()
    margin = dt.timedelta(seconds=skew)
    rows = []
    conditions = assertion.find("saml:Conditions", NS)
    confirmations = assertion.findall(".//saml:SubjectConfirmationData", NS)
    limits = [conditions.get("NotOnOrAfter") if conditions is not None else None]
    limits += [c.get("NotOnOrAfter") for c in confirmations]
    for limit in filter(None, limits):
        end = _parse_time(limit)
        if end is not None and now - margin >= end:
            rows.append(
                _row("Expiry (NotOnOrAfter)", limit, f"after {now:%Y-%m-%dT%H:%M:%SZ} (± {skew}s)")
            )
            break
    start = _parse_time(conditions.get("NotBefore") if conditions is not None else None)
    if start is not None and now + margin < start:
        rows.append(
            _row(
                "Validity start (NotBefore)",
                conditions.get("NotBefore"),
                f"before {now:%Y-%m-%dT%H:%M:%SZ} (± {skew}s): check the IdP's clock",
            )
        )
    return rows


def _signature_rows(assertion: Any, config: Any, idp: str, exc: Exception) -> list[dict[str, str]]:
    signature = assertion.find("ds:Signature", NS)
    if signature is None:
        return [_row("Assertion signature", "unsigned assertion", "a signed assertion")]
    if "sign" not in type(exc).__name__.lower() and "sign" not in str(exc).lower():
        return []
    sent = signature.find(".//ds:X509Certificate", NS)
    known: list[str] = []
    with contextlib.suppress(Exception):  # diagnosis only; the refusal stands either way
        known = [_fingerprint(c[1]) for c in config.metadata.certs(idp, "idpsso", use="signing")]
    sent_text = _fingerprint(sent.text or "") if sent is not None and sent.text else "a signature"
    expected = ", ".join(known) or "a certificate in the IdP metadata"
    return [_row("Signing certificate (SHA-256)", sent_text, expected)]


def diagnose(raw: str, config: Any, exc: Exception, outstanding: dict[str, Any]) -> Problem:
    if isinstance(exc, ReplayedAssertion):
        return Problem(REPLAYED, REPLAYED_DETAIL, "Sign in again from the identity provider.")
    try:
        root = ElementTree.fromstring(base64.b64decode(raw))
    except Exception as error:
        return Problem(UNREADABLE, f"The SAMLResponse is not base64-encoded XML ({error}).")
    entity_id = config.entityid
    acs = config.getattr("endpoints", "sp")["assertion_consumer_service"][0][0]
    idps = list(config.metadata.identity_providers())
    rows: list[dict[str, str]] = []
    status = root.find("samlp:Status/samlp:StatusCode", NS)
    if status is not None and status.get("Value") != SUCCESS:
        rows.append(_row("Status", status.get("Value", ""), SUCCESS))
    issuer = root.findtext("saml:Issuer", default="", namespaces=NS).strip()
    assertion = root.find("saml:Assertion", NS)
    if assertion is not None:
        issuer = issuer or assertion.findtext("saml:Issuer", default="", namespaces=NS).strip()
    if issuer not in idps:
        rows.append(
            _row("Issuer (IdP entity id)", issuer, " or ".join(idps) or "an IdP in the metadata")
        )
    destination = root.get("Destination")
    if destination and destination != acs:
        rows.append(_row("Destination (ACS URL)", destination, acs))
    if assertion is not None:
        audiences = [a.text or "" for a in assertion.findall(".//saml:Audience", NS)]
        if audiences and entity_id not in [a.strip() for a in audiences]:
            rows.append(_row("Audience (SP entity id)", ", ".join(audiences), entity_id))
        recipients = [
            c.get("Recipient") for c in assertion.findall(".//saml:SubjectConfirmationData", NS)
        ]
        rows += [_row("Recipient (ACS URL)", r, acs) for r in filter(None, recipients) if r != acs]
        rows += _time_rows(assertion, config.accepted_time_diff or 0)
        rows += _signature_rows(assertion, config, issuer, exc)
    in_response_to = root.get("InResponseTo")
    if in_response_to and in_response_to not in outstanding and not rows:
        rows.append(_row("InResponseTo", in_response_to, "a sign-in started in this browser"))
    if not rows:
        return Problem(GENERIC, f"pysaml2 refused the response: {exc}")
    first = rows[0]["check"].split(" (")[0]
    return Problem(
        f"{first} does not match",
        "The identity provider's response does not match this Tandem's settings.",
        "Fix the value in the identity provider (or in Tandem's SAML settings) and try again.",
        rows,
    )
