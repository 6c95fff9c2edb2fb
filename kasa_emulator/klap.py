"""The device side of KLAP (v2), the encrypted HTTP transport of newer Kasa and Tapo devices.

A client proves it knows the owner's TP-Link account in two handshakes; both sides then derive an
AES key, an IV and a signature key from the two random seeds and the account hash, and every
request is an AES-CBC body numbered by a sequence number that the client increments.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import struct
from dataclasses import dataclass, field
from typing import Any, Protocol

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

SESSION_COOKIE = "TP_SESSIONID"
SESSION_TIMEOUT_S = 86400
_SEQ = struct.Struct(">i")


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def account_hash(username: str, password: str) -> bytes:
    """What a KLAP v2 device stores of its owner's account: sha256(sha1(user) + sha1(password))."""
    return _sha256(hashlib.sha1(username.encode()).digest() + hashlib.sha1(password.encode()).digest())


@dataclass
class KlapSession:
    """One client's session: the seeds of its handshake and the keys derived from them."""

    local_seed: bytes
    remote_seed: bytes
    auth_hash: bytes
    confirmed: bool = False
    key: bytes = field(init=False)
    iv: bytes = field(init=False)
    signature: bytes = field(init=False)

    def __post_init__(self) -> None:
        seeds = self.local_seed + self.remote_seed + self.auth_hash
        self.key = _sha256(b"lsk" + seeds)[:16]
        self.iv = _sha256(b"iv" + seeds)[:12]
        self.signature = _sha256(b"ldk" + seeds)[:28]

    def _cipher(self, seq: int) -> Cipher:
        return Cipher(algorithms.AES(self.key), modes.CBC(self.iv + _SEQ.pack(seq)))

    def decrypt(self, body: bytes, seq: int) -> bytes:
        signature, ciphertext = body[:32], body[32:]
        if signature != _sha256(self.signature + _SEQ.pack(seq) + ciphertext):
            raise ValueError("bad signature")
        decryptor = self._cipher(seq).decryptor()
        padded = decryptor.update(ciphertext) + decryptor.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        return unpadder.update(padded) + unpadder.finalize()

    def encrypt(self, plain: bytes, seq: int) -> bytes:
        padder = padding.PKCS7(128).padder()
        padded = padder.update(plain) + padder.finalize()
        encryptor = self._cipher(seq).encryptor()
        ciphertext = encryptor.update(padded) + encryptor.finalize()
        return _sha256(self.signature + _SEQ.pack(seq) + ciphertext) + ciphertext


class SmartResponder(Protocol):
    def handle_smart(self, request: dict[str, Any]) -> dict[str, Any]: ...


@dataclass
class HttpReply:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


class KlapEndpoint:
    """Answers the three KLAP URLs for one device owned by one TP-Link account."""

    def __init__(self, device: SmartResponder, username: str, password: str) -> None:
        self.device = device
        self.auth_hash = account_hash(username, password)
        self.sessions: dict[str, KlapSession] = {}
        self.handshakes = 0

    def forget_sessions(self) -> None:
        """A restarted device has no sessions: clients must shake hands again."""
        self.sessions.clear()

    def reply(self, path: str, query: dict[str, str], cookies: dict[str, str], body: bytes) -> HttpReply:
        if path == "/app/handshake1":
            return self._handshake1(body)
        session = self.sessions.get(cookies.get(SESSION_COOKIE, ""))
        if path == "/app/handshake2":
            return self._handshake2(session, body)
        if path == "/app/request":
            return self._request(session, query, body)
        return HttpReply(404)

    def _handshake1(self, local_seed: bytes) -> HttpReply:
        if len(local_seed) != 16:
            return HttpReply(400)
        self.handshakes += 1
        remote_seed = secrets.token_bytes(16)
        session_id = secrets.token_hex(16).upper()
        self.sessions[session_id] = KlapSession(local_seed, remote_seed, self.auth_hash)
        # The device proves it knows the account; the client checks, and gives up on a mismatch.
        proof = _sha256(local_seed + remote_seed + self.auth_hash)
        cookie = f"{SESSION_COOKIE}={session_id};TIMEOUT={SESSION_TIMEOUT_S}"
        return HttpReply(200, remote_seed + proof, {"Set-Cookie": cookie})

    def _handshake2(self, session: KlapSession | None, proof: bytes) -> HttpReply:
        if session is None:
            return HttpReply(403)
        if proof != _sha256(session.remote_seed + session.local_seed + self.auth_hash):
            return HttpReply(403)
        session.confirmed = True
        return HttpReply(200)

    def _request(self, session: KlapSession | None, query: dict[str, str], body: bytes) -> HttpReply:
        if session is None or not session.confirmed:
            return HttpReply(403)
        try:
            seq = int(query["seq"])
            request = json.loads(session.decrypt(body, seq))
        except (KeyError, ValueError):
            return HttpReply(400)
        response = self.device.handle_smart(request)
        return HttpReply(200, session.encrypt(json.dumps(response).encode(), seq))
