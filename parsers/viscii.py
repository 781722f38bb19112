"""The VISCII code page (RFC 1456), which Python lacks, as a codec: old Vietnamese mail programs declare it."""

from __future__ import annotations

import codecs

# RFC 1456's table: the six capitals VISCII puts on control codes, then bytes 0x80 to 0xFF.
_CONTROLS = {0x02: "Ẳ", 0x05: "Ẵ", 0x06: "Ẫ", 0x14: "Ỷ", 0x19: "Ỹ", 0x1E: "Ỵ"}
_HIGH = (
    "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲ"
    "ÕắằặấầẩậẽẹếềểễệốồổỗỠƠộờởịỰỨỪỬơớƯ"
    "ÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳĐứÒÓÔạỷừửÙÚỹỵÝỡư"
    "àáâãảăữẫèéêẻìíĩỉđựòóôõỏọụùúũủýợỮ"
)
_DECODING = "".join(_CONTROLS.get(byte, chr(byte)) for byte in range(128)) + _HIGH
_ENCODING = codecs.charmap_build(_DECODING)
_NAMES = frozenset(("viscii", "csviscii"))


def _encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
    return codecs.charmap_encode(text, errors, _ENCODING)


def _decode(data: bytes, errors: str = "strict") -> tuple[str, int]:
    return codecs.charmap_decode(data, errors, _DECODING)


def search(name: str) -> codecs.CodecInfo | None:
    """The VISCII codec for its IANA names («VISCII», «csVISCII»), for codecs.register."""
    if name.lower().replace("-", "_") not in _NAMES:
        return None
    # typeshed types a decoder as taking any buffer; charmap_decode reads the bytes a mail part gives.
    return codecs.CodecInfo(_encode, _decode, name="viscii")  # type: ignore[arg-type]
