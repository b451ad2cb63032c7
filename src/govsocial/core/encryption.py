"""Secrets GovSocial must be able to read back (an identity provider's client secret).

The key is derived from SECRET_KEY with HKDF, so there is no second secret to keep;
Fernet (AES-128-CBC with HMAC-SHA256) encrypts and authenticates. After a change of
SECRET_KEY, the old key in SECRET_KEY_FALLBACKS still reads what was stored before.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from .errors import GovSocialError

_PURPOSE = b"govsocial stored secrets v1"


class UnreadableSecret(GovSocialError):
    """Stored with a secret key this installation no longer has."""


def _fernet(secret_key: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_PURPOSE).derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def _keys() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(key) for key in keys])


def encrypt(text: str) -> str:
    return _keys().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _keys().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise UnreadableSecret from error
