"""Password hashing: scrypt (RFC 7914), parameters stored with the hash.

Passwords sent by an identity provider are write-only (RFC 7643 §4.1.1):
kept only as this slow hash and never returned.
"""

import asyncio
import base64
import hashlib
import hmac
import os

# N=2**15 with r=8 needs 32 MiB and about 100 ms on a 2-core machine of
# this era: slow for an attacker, affordable for provisioning.
N, R, P = 2**15, 8, 1
MAX_MEMORY = 64 * 1024 * 1024


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode(), salt=salt, n=n, r=r, p=p, maxmem=MAX_MEMORY, dklen=32
    )


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def hash_password_sync(password: str) -> str:
    salt = os.urandom(16)
    digest = _derive(password, salt, N, R, P)
    return f"scrypt${N}${R}${P}${_b64(salt)}${_b64(digest)}"


async def hash_password(password: str) -> str:
    """Hash off the event loop: scrypt takes tens of milliseconds."""
    return await asyncio.to_thread(hash_password_sync, password)


def verify_password(password: str, encoded: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = encoded.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    actual = _derive(password, base64.b64decode(salt), int(n), int(r), int(p))
    return hmac.compare_digest(actual, base64.b64decode(digest))
