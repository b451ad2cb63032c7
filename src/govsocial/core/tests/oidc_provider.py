"""A small OpenID Connect provider for the tests, on 127.0.0.1 in a thread.

It serves two tenants (/tenant-a, /tenant-b), each with its own issuer, as a
shared provider such as Microsoft Entra ID does: discovery, authorize (which
signs in `provider.user` at once and redirects back with a code), token (with
client authentication and the PKCE check), userinfo and JWKS. Its ID tokens are
real RS256 JWTs signed with a key made for the run; `provider.tamper` changes
the next tokens' claims to play a broken or hostile provider.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

TENANTS = ("tenant-a", "tenant-b")


class Provider:
    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "govsocial-test-key"
        self.client_id = "govsocial-client"
        self.client_secret = "s3cret-" + secrets.token_hex(8)
        self.user: dict[str, Any] = {
            "sub": "user-1",
            "email": "anna@example.org",
            "email_verified": True,
            "given_name": "Anna",
            "family_name": "de Vries",
            "groups": ["everyone"],
        }
        self.tamper: dict[str, Any] = {}
        self.keys: Any = None  # served at /jwks instead of the real key set, when set
        self.codes: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.log: list[tuple[str, dict[str, Any]]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Provider:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def issuer(self, tenant: str = "tenant-a") -> str:
        return f"{self.base}/{tenant}"

    def discovery(self, tenant: str) -> dict[str, Any]:
        issuer = self.issuer(tenant)
        return {
            "issuer": issuer,
            "authorization_endpoint": f"{issuer}/authorize",
            "token_endpoint": f"{issuer}/token",
            "userinfo_endpoint": f"{issuer}/userinfo",
            "jwks_uri": f"{issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "email", "profile"],
        }

    def jwks(self) -> dict[str, Any]:
        public = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        public.update({"kid": self.kid, "alg": "RS256", "use": "sig"})
        return {"keys": [public]}

    def authorize(self, tenant: str, query: dict[str, str]) -> tuple[int, dict[str, str]]:
        self.log.append(("authorize", query))
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return 400, {}
        if "openid" not in query.get("scope", "").split():
            return 400, {}
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"tenant": tenant, "user": dict(self.user), **query}
        back = {"code": code, "state": query.get("state", "")}
        return 302, {"Location": f"{query['redirect_uri']}?{urlencode(back)}"}

    def token(self, tenant: str, form: dict[str, str], authorization: str) -> tuple[int, Any]:
        self.log.append(("token", form))
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if authorization.startswith("Basic "):
            client_id, secret = base64.b64decode(authorization[6:]).decode().split(":", 1)
        if client_id != self.client_id or secret != self.client_secret:
            return 401, {"error": "invalid_client"}
        grant = self.codes.pop(form.get("code", ""), None)
        if grant is None or grant["tenant"] != tenant:
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri"}
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        if challenge.decode().rstrip("=") != grant.get("code_challenge"):
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        now = int(time.time())
        claims = {
            **grant["user"],
            "iss": self.issuer(tenant),
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": grant.get("nonce"),
        }
        claims.update(self.tamper)
        access_token = secrets.token_urlsafe(16)
        self.tokens[access_token] = grant["user"]
        id_token = jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }

    def userinfo(self, authorization: str) -> tuple[int, Any]:
        user = self.tokens.get(authorization.removeprefix("Bearer "))
        if user is None:
            return 401, {"error": "invalid_token"}
        return 200, {k: v for k, v in user.items() if k != "groups"}


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet in the test output
            pass

        def _route(self) -> tuple[str, str, dict[str, str]]:
            parts = urlsplit(self.path)
            tenant, _, rest = parts.path.strip("/").partition("/")
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            return tenant, rest, query

        def _send(self, status: int, body: Any = None, headers: dict | None = None) -> None:
            data = json.dumps(body).encode() if body is not None else b""
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            tenant, rest, query = self._route()
            if tenant not in TENANTS:
                return self._send(404, {"error": "unknown tenant"})
            if rest == ".well-known/openid-configuration":
                return self._send(200, provider.discovery(tenant))
            if rest == "jwks":
                return self._send(200, provider.jwks() if provider.keys is None else provider.keys)
            if rest == "authorize":
                status, headers = provider.authorize(tenant, query)
                return self._send(status, None, headers)
            if rest == "userinfo":
                status, body = provider.userinfo(self.headers.get("Authorization", ""))
                return self._send(status, body)
            return self._send(404, {"error": "not found"})

        def do_POST(self) -> None:
            tenant, rest, _query = self._route()
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if tenant in TENANTS and rest == "token":
                status, body = provider.token(tenant, form, self.headers.get("Authorization", ""))
                return self._send(status, body)
            return self._send(404, {"error": "not found"})

    return Handler
