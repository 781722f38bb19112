"""The passwords a mail states for the archive it carries («mật khẩu: 123456», «pass giải nén: abc@2025»)."""

from __future__ import annotations

import re

# At most this many are tried: each try of a wrong one runs the archive tool again.
MAX_PASSWORDS = 4
_LONGEST = 64
# "mật khẩu", "mk", "pass", "password", "pw", typed with or without tones, then the password itself after
# ":", "=" or "là", whatever few words say what it opens in between ("giải nén", "mở file", "của tệp nén",
# "file báo cáo trường gửi tối qua", "bc trường em gửi hôm trước" ...); or, after words of that kind only,
# a space alone before one with a digit («(pass 123456)» in a subject).
_OPENS = (
    r"(?:\s+(?:để|de|giải\s*nén|giai\s*nen|mở|mo|file|tệp|tep|tập\s*tin|nén|nen|của|cua|rar|zip|7z"
    r"|hôm\s*qua|hom\s*qua|hôm\s*trước|hom\s*truoc|lúc\s*nãy|luc\s*nay|bc|báo\s*cáo|bao\s*cao"
    r"|trường|truong|em|đã|da|gửi|gui|trước|truoc|pdf|word|doc|docx))"
)
_STATED = re.compile(
    r"(?<!\w)(?:m[aậ]t\s*kh[aẩ]u|mk|pass(?:word)?|pw|pwd)"
    r"(?:(?:\s+[\w&/-]{1,16}){0,14}?(?:\s*[:=]\s*|\s+(?:là|la)(?:\s*[:=]\s*|\s+))"
    rf"|{_OPENS}{{0,6}}\s+(?=\S*\d))"
    r"(?P<password>\S{1,64})",
    re.IGNORECASE,
)
_QUOTES = "\"'«»“”‘’`"
_QUOTED = re.compile(r"«[^«»]*»")
_TRAILING = ".,;)]"


def stated(*texts: str) -> tuple[str, ...]:
    """The passwords texts state, in order, each as written and without the punctuation that may close its
    sentence («mật khẩu: 123456.» tries "123456." and "123456"); at most MAX_PASSWORDS."""
    found: list[str] = []
    for text in texts:
        for match in _STATED.finditer(text):
            written = match.group("password").strip(_QUOTES)
            found.extend(
                p for p in (written, written.rstrip(_TRAILING).strip(_QUOTES)) if 0 < len(p) <= _LONGEST
            )
    return tuple(dict.fromkeys(found))[:MAX_PASSWORDS]


HIDDEN = "(đã ẩn)"


def hidden(text: str, passwords: tuple[str, ...]) -> str:
    """text, a sender's own words, with each of passwords replaced by HIDDEN: a sentence of the mail
    quoted for staff («mật khẩu giải nén: (đã ẩn)») keeps no password, as nothing baocao records does."""
    for password in sorted(passwords, key=len, reverse=True):
        text = text.replace(password, HIDDEN)
    return text


def hidden_in_quotes(text: str, passwords: tuple[str, ...]) -> str:
    """text with passwords hidden in what it quotes between « and » (the sender's words), and only there:
    a password such as "2021" is also the year a reason names."""
    return _QUOTED.sub(lambda quoted: hidden(quoted.group(0), passwords), text)
