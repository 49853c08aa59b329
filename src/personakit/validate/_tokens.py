"""Signed, expiring link tokens: ``ROUND.NONCE.EXPIRY.SIGNATURE``.

The signature is an HMAC-SHA256 over the first three parts with the round's own random key
(kept in the database only), so a token cannot be made or altered without that key; the
nonce (128 random bits) makes each link unique and is stored only as a hash. The expiry is
part of what is signed, so it cannot be stretched.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

# \A and \Z, not ^ and $: ``$`` also matches before a trailing newline.
TOKEN_PATTERN = re.compile(
    r"\A[a-f0-9]{12}\.[A-Za-z0-9_-]{22}\.[0-9a-z]{1,10}\.[A-Za-z0-9_-]{43}\Z")
MAX_TOKEN = 120


@dataclass(frozen=True)
class TokenParts:
    round_id: str
    nonce: str
    expires: int  # Unix seconds
    signature: str

    @property
    def signed(self) -> str:
        return f"{self.round_id}.{self.nonce}.{_b36(self.expires)}"


def new_round_id() -> str:
    return secrets.token_hex(6)


def new_key() -> str:
    return secrets.token_hex(32)


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


def nonce_hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode("ascii")).hexdigest()


def _b36(value: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        value, rest = divmod(value, 36)
        out = digits[rest] + out
        if value == 0:
            return out


def _signature(key: str, payload: str) -> str:
    mac = hmac.new(bytes.fromhex(key), payload.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode("ascii").rstrip("=")


def sign(key: str, round_id: str, nonce: str, expires: int) -> str:
    payload = f"{round_id}.{nonce}.{_b36(expires)}"
    return f"{payload}.{_signature(key, payload)}"


def parse(token: str | None) -> TokenParts | None:
    """The parts of a well-formed token, or ``None`` (never raises on what a client sent)."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN or not TOKEN_PATTERN.match(token):
        return None
    round_id, nonce, expiry, signature = token.split(".")
    return TokenParts(round_id, nonce, int(expiry, 36), signature)


def signature_ok(key: str, parts: TokenParts) -> bool:
    return hmac.compare_digest(_signature(key, parts.signed), parts.signature)
