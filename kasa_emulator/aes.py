"""The device side of the AES transport: the encrypted HTTP of older Tapo firmware (and some Kasa
models), in both of its login versions.

The client sends an RSA public key; the device answers with a fresh AES key and IV encrypted to
it, then every request travels AES-CBC encrypted inside a ``securePassthrough``. The first one
logs in with the account: login version 1 sends the password in base64, version 2 (newer
firmware) its SHA-1; both send the SHA-1 of the e-mail address. After that the device hands out a
token that every later request carries in its URL.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import padding, serialization
from cryptography.hazmat.primitives.asymmetric import padding as asymmetric_padding
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from kasa_emulator.klap import SESSION_COOKIE, HttpReply, Responder

LOGIN_ERROR = -1501
SESSION_TIMEOUT = 9999
_JSON = {"Content-Type": "application/json;charset=UTF-8"}


def _sha1_hex(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def login_params(username: str, password: str, login_version: int) -> dict[str, str]:
    """What a client logging in with ``login_version`` sends for this account."""
    user = base64.b64encode(_sha1_hex(username).encode()).decode()
    if login_version == 2:
        return {"username": user, "password2": base64.b64encode(_sha1_hex(password).encode()).decode()}
    return {"username": user, "password": base64.b64encode(password.encode()).decode()}


@dataclass
class AesSession:
    """One client's session: the AES key and IV the device gave it, and its token once logged in."""

    key: bytes
    iv: bytes
    token: str | None = None

    def _cipher(self) -> Cipher[modes.CBC]:
        return Cipher(algorithms.AES(self.key), modes.CBC(self.iv))

    def decrypt(self, data: str) -> bytes:
        decryptor = self._cipher().decryptor()
        padded = decryptor.update(base64.b64decode(data)) + decryptor.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        return unpadder.update(padded) + unpadder.finalize()

    def encrypt(self, plain: bytes) -> str:
        padder = padding.PKCS7(128).padder()
        padded = padder.update(plain) + padder.finalize()
        encryptor = self._cipher().encryptor()
        return base64.b64encode(encryptor.update(padded) + encryptor.finalize()).decode()


class AesEndpoint:
    """Answers ``POST /app`` for one device owned by one TP-Link account."""

    def __init__(self, respond: Responder, username: str, password: str, *, login_version: int = 1) -> None:
        self.respond = respond
        self.login_version = login_version
        self.expected = login_params(username, password, login_version)
        self.sessions: dict[str, AesSession] = {}
        self.handshakes = 0
        self.refused_logins = 0

    def forget_sessions(self) -> None:
        """A restarted device has no sessions: clients must shake hands and log in again."""
        self.sessions.clear()

    def reply(self, path: str, query: dict[str, str], cookies: dict[str, str], body: bytes) -> HttpReply:
        if path != "/app":
            return HttpReply(404)  # e.g. a KLAP client's /app/handshake1
        try:
            request = json.loads(body)
            method = request["method"]
            params = request.get("params") or {}
        except (ValueError, KeyError, TypeError):
            return HttpReply(400)
        if method == "handshake":
            return self._handshake(params)
        session = self.sessions.get(cookies.get(SESSION_COOKIE, ""))
        if method != "securePassthrough" or session is None:
            return _json({"error_code": SESSION_TIMEOUT})
        try:
            inner = json.loads(session.decrypt(params["request"]))
        except (KeyError, ValueError, TypeError):
            return _json({"error_code": SESSION_TIMEOUT})
        if inner.get("method") == "login_device":
            answer = self._login(session, inner.get("params") or {})
        elif session.token is None or query.get("token") != session.token:
            return _json({"error_code": SESSION_TIMEOUT})
        else:
            answer = self.respond(inner)
        return _json({"error_code": 0, "result": {"response": session.encrypt(json.dumps(answer).encode())}})

    def _handshake(self, params: dict[str, Any]) -> HttpReply:
        try:
            public_key = serialization.load_pem_public_key(params["key"].encode())
        except (KeyError, ValueError, AttributeError):
            return _json({"error_code": -1010})  # the firmware's "invalid public key"
        if not isinstance(public_key, RSAPublicKey):
            return _json({"error_code": -1010})
        self.handshakes += 1
        session = AesSession(secrets.token_bytes(16), secrets.token_bytes(16))
        session_id = secrets.token_hex(16).upper()
        self.sessions[session_id] = session
        key = public_key.encrypt(session.key + session.iv, asymmetric_padding.PKCS1v15())
        cookie = f"{SESSION_COOKIE}={session_id};TIMEOUT=1440"
        return _json(
            {"error_code": 0, "result": {"key": base64.b64encode(key).decode()}}, {"Set-Cookie": cookie}
        )

    def _login(self, session: AesSession, params: dict[str, Any]) -> dict[str, Any]:
        # The firmware compares the fields of its own login version; the other version's fields
        # mean nothing to it, so a client of the wrong version is refused like a wrong password.
        if any(params.get(name) != value for name, value in self.expected.items()):
            self.refused_logins += 1
            return {"error_code": LOGIN_ERROR}
        session.token = secrets.token_hex(16).upper()
        return {"error_code": 0, "result": {"token": session.token}}


def _json(message: dict[str, Any], headers: dict[str, str] | None = None) -> HttpReply:
    return HttpReply(200, json.dumps(message).encode(), {**_JSON, **(headers or {})})
