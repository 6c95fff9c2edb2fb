"""The device side of KLAP, the encrypted HTTP transport of newer Kasa and Tapo devices, in both
of its login versions.

A client proves it knows the owner's TP-Link account in two handshakes; both sides then derive an
AES key, an IV and a signature key from the two random seeds and the account hash, and every
request is an AES-CBC body numbered by a sequence number that the client increments. Login
version 1 (late legacy plugs such as the HS100 hardware 4.1) hashes the account with MD5 and
leaves the device's seed out of the proofs; version 2 (Tapo, KH100, newer Kasa) uses SHA.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

SESSION_COOKIE = "TP_SESSIONID"
SESSION_TIMEOUT_S = 86400
_SEQ = struct.Struct(">i")


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def account_hash(username: str, password: str, login_version: int = 2) -> bytes:
    """What a KLAP device stores of its owner's account: sha256(sha1(user) + sha1(password)) for
    login version 2, md5(md5(user) + md5(password)) for version 1."""
    if login_version == 1:
        md5 = hashlib.md5
        return md5(md5(username.encode()).digest() + md5(password.encode()).digest()).digest()
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


Responder = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass
class HttpReply:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


class KlapEndpoint:
    """Answers the three KLAP URLs for one device owned by one TP-Link account.

    ``respond`` answers one decrypted request (the smart protocol's, or the legacy protocol's for
    legacy devices that moved to KLAP).
    """

    def __init__(self, respond: Responder, username: str, password: str, *, login_version: int = 2) -> None:
        self.respond = respond
        self.login_version = login_version
        self.auth_hash = account_hash(username, password, login_version)
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
        if path == "/app":
            # An AES client: firmware that moved to KLAP answers it with this error (seen after
            # updates that changed a device's encryption).
            return HttpReply(200, b'{"error_code":1003}', {"Content-Type": "application/json"})
        return HttpReply(404)

    def _handshake1(self, local_seed: bytes) -> HttpReply:
        if len(local_seed) != 16:
            return HttpReply(400)
        self.handshakes += 1
        remote_seed = secrets.token_bytes(16)
        session_id = secrets.token_hex(16).upper()
        self.sessions[session_id] = KlapSession(local_seed, remote_seed, self.auth_hash)
        # The device proves it knows the account; the client checks, and gives up on a mismatch.
        if self.login_version == 1:
            proof = _sha256(local_seed + self.auth_hash)
        else:
            proof = _sha256(local_seed + remote_seed + self.auth_hash)
        cookie = f"{SESSION_COOKIE}={session_id};TIMEOUT={SESSION_TIMEOUT_S}"
        return HttpReply(200, remote_seed + proof, {"Set-Cookie": cookie})

    def _handshake2(self, session: KlapSession | None, proof: bytes) -> HttpReply:
        if session is None:
            return HttpReply(403)
        if self.login_version == 1:
            expected = _sha256(session.remote_seed + self.auth_hash)
        else:
            expected = _sha256(session.remote_seed + session.local_seed + self.auth_hash)
        if proof != expected:
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
        response = self.respond(request)
        return HttpReply(200, session.encrypt(json.dumps(response).encode(), seq))
