"""A real SAML identity provider in the test process: pysaml2's IdP ``Server`` with a key
pair made for the test run (never committed), and the IdP metadata Tandem reads."""

from __future__ import annotations

import base64
import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import saml2.assertion
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server
from saml2.time_util import TIME_FORMAT
from saml2.time_util import instant as original_instant

IDP_ENTITY_ID = "https://idp.example.test/saml/metadata"
PASSWORD_AUTHN = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"


def make_key_pair(directory: Path, name: str) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = directory / f"{name}.key", directory / f"{name}.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def _idp_config(key: Path, cert: Path, sp_metadata: str, lifetime: dict[str, int]) -> IdPConfig:
    config = IdPConfig()
    config.load(
        {
            "entityid": IDP_ENTITY_ID,
            "key_file": str(key),
            "cert_file": str(cert),
            "metadata": {"inline": [sp_metadata]} if sp_metadata else {},
            "service": {
                "idp": {
                    "endpoints": {
                        "single_sign_on_service": [
                            ("https://idp.example.test/sso/redirect", BINDING_HTTP_REDIRECT),
                            ("https://idp.example.test/sso/post", BINDING_HTTP_POST),
                        ]
                    },
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "policy": {"default": {"lifetime": lifetime, "attribute_restrictions": None}},
                }
            },
        }
    )
    return config


@dataclass
class LocalIdP:
    """Issue SAML responses as the IdP would, for Tandem's SP."""

    directory: Path
    key: Path
    cert: Path
    metadata_path: Path
    sp_metadata: str = ""

    @classmethod
    def create(cls, directory: Path) -> LocalIdP:
        key, cert = make_key_pair(directory, "idp")
        metadata_path = directory / "idp-metadata.xml"
        xml = create_metadata_string(None, config=_idp_config(key, cert, "", {"hours": 1}))
        metadata_path.write_bytes(xml if isinstance(xml, bytes) else xml.encode())
        return cls(directory, key, cert, metadata_path)

    def response(
        self,
        *,
        subject: str,
        attributes: dict[str, list[str]],
        acs: str,
        audience: str,
        in_response_to: str | None = None,
        lifetime: dict[str, int] | None = None,
        signing_key: tuple[Path, Path] | None = None,
        clock_offset_seconds: int = 0,
    ) -> str:
        """A base64 SAMLResponse with a signed assertion (the form field the browser posts).
        ``clock_offset_seconds`` sets the IdP's clock ahead (or behind, when negative)."""
        key, cert = signing_key or (self.key, self.cert)
        server = Server(config=_idp_config(key, cert, self.sp_metadata, lifetime or {"hours": 1}))
        with _idp_clock(clock_offset_seconds):
            response = self._create(server, subject, attributes, acs, audience, in_response_to)
        return base64.b64encode(str(response).encode()).decode()

    @staticmethod
    def _create(
        server: Server,
        subject: str,
        attributes: dict[str, list[str]],
        acs: str,
        audience: str,
        in_response_to: str | None,
    ) -> Any:
        return server.create_authn_response(
            identity=attributes,
            in_response_to=in_response_to,
            destination=acs,
            sp_entity_id=audience,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=subject),
            authn={"class_ref": PASSWORD_AUTHN, "authn_auth": IDP_ENTITY_ID},
            sign_assertion=True,
            sign_response=False,
        )


@contextmanager
def _idp_clock(offset: int) -> Iterator[None]:
    """The IdP's clock, ``offset`` seconds off (pysaml2 reads the time in saml2.assertion)."""
    if not offset:
        yield
        return

    def instant(format: str = TIME_FORMAT, time_stamp: float = 0) -> str:
        return original_instant(format=format, time_stamp=(time_stamp or time.time()) + offset)

    def in_a_while(**delta: int) -> str:
        when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=offset, **delta)
        return when.strftime(TIME_FORMAT)

    with (
        mock.patch.object(saml2.assertion, "instant", instant),
        mock.patch.object(saml2.assertion, "in_a_while", in_a_while),
    ):
        yield


def default_attributes(email: str, **extra: Any) -> dict[str, list[str]]:
    return {"mail": [email], "displayName": ["Ada Lovelace"], **{k: [v] for k, v in extra.items()}}
