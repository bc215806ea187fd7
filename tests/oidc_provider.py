"""A real OpenID Connect provider in the test process: ``oidc-provider-mock`` (Authlib's
server underneath) on a loopback port, with a recorder of what Tandem sends to it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import oidc_provider_mock
import requests
from werkzeug.serving import make_server

CLIENT_ID = "tandem-test"
CLIENT_SECRET = "tandem-test-secret"


@dataclass
class Provider:
    issuer: str
    token_requests: list[dict[str, list[str]]] = field(default_factory=list)

    def set_user(self, sub: str, **claims: Any) -> None:
        response = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=5)
        response.raise_for_status()

    def authorize(self, authorize_url: str, sub: str) -> str:
        """What a person does on the provider's page: pick ``sub`` and allow. Returns the
        redirect back to Tandem."""
        response = requests.post(
            authorize_url, data={"sub": sub, "action": "allow"}, allow_redirects=False, timeout=5
        )
        assert response.status_code == 302, response.text
        return response.headers["Location"]


class _Recorder:
    def __init__(self, app: Any, provider: Provider) -> None:
        self.app, self.provider = app, provider

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO") == "/oauth2/token":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length)
            self.provider.token_requests.append(parse_qs(body.decode()))
            import io

            environ["wsgi.input"] = io.BytesIO(body)
        return self.app(environ, start_response)


@contextmanager
def running_provider(host: str = "localhost") -> Iterator[Provider]:
    app = oidc_provider_mock.app(require_nonce=True)
    provider = Provider(issuer="")
    server = make_server(host, 0, _Recorder(app, provider), threaded=True)
    provider.issuer = f"http://{host}:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


def oidc_settings(provider: Provider) -> dict[str, str]:
    return {
        "TANDEM_OIDC_ISSUER": provider.issuer,
        "TANDEM_OIDC_CLIENT_ID": CLIENT_ID,
        "TANDEM_OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "TANDEM_OIDC_NAME": "Acme SSO",
    }
