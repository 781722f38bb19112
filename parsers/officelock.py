"""Word and Excel files locked with a password ("Encrypt with Password"), opened with one the sender stated.

Through msoffcrypto-tool, which oletools (extract-msg's dependency) already brings: it verifies the
password before decrypting, for the encryption of Office 2007 and later and of Office 97-2003.
"""

from __future__ import annotations

import io

import msoffcrypto


def unlocked(data: bytes, passwords: tuple[str, ...]) -> bytes | None:
    """The file decrypted with the first of passwords that fits; None when none does."""
    for password in passwords:
        try:
            office = msoffcrypto.OfficeFile(io.BytesIO(data))
            office.load_key(password=password, verify_password=True)
            out = io.BytesIO()
            office.decrypt(out)
        except Exception:  # noqa: BLE001 - a wrong password (InvalidKeyError), or whatever damaged input raises
            continue
        return out.getvalue()
    return None
