"""Secrets of the hub: hashed tokens, argon2 passwords, the Ed25519 signing key.

Bearer tokens, enrollment codes and session ids are random strings shown once; the database keeps
only their sha256 (:func:`secret_hash`), so a leaked database does not leak working tokens.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contract.api import CODE_ALPHABET
from hub.core.config import HubSettings

_password_hasher = PasswordHasher()


def secret_hash(value: str) -> str:
    """sha256 hex of a token/code/session id — what the database stores."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A bearer token or session id: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def new_code(length: int = 10) -> str:
    """A human-typeable random code (booking codes, enrollment codes); 10 chars ≈ 49 bits."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def hash_password(password: str) -> str:
    return _password_hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _password_hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def generate_signing_key(settings: HubSettings, *, overwrite: bool = False) -> bool:
    """Create the Ed25519 key pair under ``settings.keys_dir`` (private key mode 0600).

    Returns False (and changes nothing) when a key already exists and ``overwrite`` is False —
    replacing the key would make every enrolled terminal refuse the hub's content.
    """
    private_path, public_path = settings.signing_key_path, settings.public_key_path
    if private_path.exists() and not overwrite:
        return False
    settings.keys_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(settings.keys_dir, 0o700)
    pem = new_private_pem()
    write_private(private_path, pem)
    key = key_from_pem(pem, private_path)
    public_path.write_text(public_key_b64(key) + "\n", encoding="ascii")
    return True


def write_private(path: Path, data: bytes) -> None:
    """Write a private key file atomically with mode 0600."""
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def load_signing_key(settings: HubSettings, path: Path | None = None) -> Ed25519PrivateKey:
    """Read the private key (default: the current one); FileNotFoundError tells the operator
    to run ``legal-hub init``."""
    path = settings.signing_key_path if path is None else path
    return key_from_pem(path.read_bytes(), path)


def key_from_pem(pem: bytes, path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return key


def new_private_pem() -> bytes:
    """A fresh Ed25519 private key as unencrypted PKCS#8 PEM."""
    return key_pem(Ed25519PrivateKey.generate())


def key_pem(key: Ed25519PrivateKey) -> bytes:
    """``key`` as unencrypted PKCS#8 PEM (what the key files hold)."""
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def public_key_b64(key: Ed25519PrivateKey) -> str:
    """The raw 32-byte public key, base64 — the value terminals pin."""
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def sign(key: Ed25519PrivateKey, body: bytes) -> str:
    """base64 Ed25519 signature over exactly ``body``."""
    return base64.b64encode(key.sign(body)).decode("ascii")
