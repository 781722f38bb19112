"""Whether a message's From address is authentic: SPF, DKIM and DMARC as the receiving server saw them.

The office's receiving server records its checks in Authentication-Results headers (RFC 8601).
Only its own are read: those carrying the configured authserv-id in the topmost block of such
headers, above the first Received header. Anything lower was in the message when it arrived, and
anyone can write it; RFC 8601 section 5 asks the server to remove copies of its own
id from incoming mail. Where the server added none and the config asks for it, DKIM is checked
here with dkimpy, which looks up the signing key in DNS (the lookup function can be injected).

A message fails when DMARC fails, or when SPF fails and no DKIM signature of the sender's domain
verifies (a forger signs nothing, or with a domain of their own). Checked here, with DKIM alone, it
fails when the sender's own domain signed it and that signature no longer verifies.

A mailing list's copy whose author is read from the list's fields (X-Original-Sender, a «via» From
with Reply-To, a wrapped mail) is checked as the list's: the server vouched for the list's address, and
whoever runs a list names any author they like. Unless the list's server recorded in ARC that the
author's original passed DMARC, the author is not proven and the mail fails.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import dkim
from dkim import dnsplug

from intake.message import Mail
from kernel.config import OriginConfig
from kernel.proof import DKIMPY, Check, SenderCheck

log = logging.getLogger(__name__)

DnsLookup = Callable[[bytes], bytes | None]  # a TXT record by name, None when there is none


@dataclass(frozen=True)
class Result:
    """One "method=result" of an Authentication-Results header, with its properties (header.d...)."""

    method: str
    result: str
    properties: tuple[tuple[str, str], ...] = ()


_SPF = {"pass": Check.PASS, "fail": Check.FAIL, "softfail": Check.FAIL}
_DMARC = {"pass": Check.PASS, "fail": Check.FAIL}
_WRONG = frozenset({"fail", "softfail", "permerror"})  # a result that finds the sender wrong
_SHOWN = {Check.PASS: "đạt", Check.FAIL: "không đạt", Check.NONE: "không có kết quả"}
_METHOD = re.compile(r"\s*([\w.-]+)\s*(?:/\s*\d+\s*)?=\s*([\w-]+)")
# Where a list's fields name it: List-Post's address, Mailing-List's ("list x@googlegroups.com; contact
# …"), List-Id's identifier.
_LIST_FIELDS = (
    ("list-post", re.compile(r"mailto:([^>?\s]+@[^>?\s]+)", re.IGNORECASE)),
    ("mailing-list", re.compile(r"\blist\s+([^;\s]+@[^;\s]+)", re.IGNORECASE)),
    ("list-id", re.compile(r"<([^<>\s]+)>")),
)
# An ARC-Authentication-Results value of the first intermediary ("i=1; mx.google.com; dkim=pass …").
_FIRST_INSTANCE = re.compile(r"\s*i\s*=\s*1\s*;(.*)", re.DOTALL)
_NO_KEY = "nokey"  # a permerror: the signing domain publishes no key for the signature's selector
# Why a signature checked here vouches for nothing, as staff read it.
_UNVERIFIED = {
    "fail": "không khớp với nội dung thư",
    "permerror": "không đọc được",
    _NO_KEY: "không kiểm tra được vì tên miền ấy không công bố khóa kiểm tra chữ ký trên DNS",
    "temperror": "chưa kiểm tra được vì máy chủ DNS không trả lời khi tra khóa kiểm tra chữ ký (sẽ thử lại)",
}
_PROPERTY = re.compile(r"([\w-]+)\s*\.\s*([\w.-]+)\s*=\s*(\"[^\"]*\"|[^\s;]+)")


def check(
    mail: Mail,
    raw: bytes,
    config: OriginConfig,
    dns: DnsLookup | None = None,
    known: SenderCheck | None = None,
) -> SenderCheck:
    """The sender's authenticity as the trusted server reported it, or as DKIM shows it here.

    known is what an earlier check of these same bytes recorded: its DKIM verdict is reused, so a
    re-scan asks DNS nothing (unless that lookup failed for the moment).
    """
    # Mail a list passed on bears the list's address and signature: a forged list is no school's.
    sender = mail.list_address or mail.sender
    if not sender:  # no address to vouch for: the mail is an unknown sender's, whatever the server checked
        return SenderCheck(sender)
    if config.authserv_id:
        results = trusted_results(mail.headers, config.authserv_id)
        if results:
            through = "" if mail.list_address else list_named(mail)
            arc = _arc_dmarc(mail, results, mail.sender)
            said = f"máy chủ của nhóm thư ({arc[0]}) ghi nhận thư gốc của {arc[2]} đạt DMARC" if arc else ""
            found = _from_results(
                sender, results, config.authserv_id, through, said if arc and arc[1] == "pass" else ""
            )
            if mail.list_address and arc is not None and arc[1] == "fail" and not found.failed:
                return _failed_before_the_list(found, mail, arc, config.authserv_id)
            if mail.list_address and arc is None and not found.failed:
                return _author_unproven(found, mail, config.authserv_id)
            return found
    if config.verify_dkim:
        if known is not None and known.checked_by == DKIMPY and known.address == sender and not known.retry:
            return known
        return _from_dkim(sender, raw, dns or _system_dns)
    return SenderCheck(sender)


def trusted_results(headers: Sequence[tuple[str, str]], authserv_id: str) -> list[Result]:
    """The results in the topmost block of Authentication-Results headers that authserv_id added.

    The server's filters may each write their own header (DMARC's on top, SPF's and DKIM's below it), but
    a sender's own header, written with the server's name right under the server's with no Received
    between, reads the same. So the first header counts whole, and one under it only for the methods those
    above it gave no result for, and for a pass only while none of them found anything wrong: a forger's
    «dkim=pass; dmarc=pass» under the server's «spf=fail» makes no forgery authentic. The block ends at a
    header another server wrote, or at the first Received header: the server adds its results on top as it
    takes the mail in (RFC 8601 section 5), and anything below its Received line was in the mail when it
    came, the server's name on it or not, even when the server itself wrote no result at all."""
    found: list[Result] = []
    first_read = False
    for name, value in headers:
        if name == "received":  # the top one is the server's: anything below came with the mail
            break
        if name != "authentication-results":
            continue
        parsed = parse_authentication_results(value)
        if parsed is None or parsed[0] != authserv_id.lower():
            if first_read:
                break
            continue
        given = {r.method for r in found}
        wrong = any(r.result in _WRONG for r in found)
        found.extend(
            r
            for r in parsed[1]
            if not first_read or (r.method not in given and not (wrong and r.result == "pass"))
        )
        first_read = True
    return found


def parse_authentication_results(value: str) -> tuple[str, tuple[Result, ...]] | None:
    """An Authentication-Results value as (authserv-id, results); None when it cannot be read. A value
    that opens with a result names no server (Microsoft 365 writes «spf=fail (sender IP is …) …»): its
    authserv-id is "", which no configured one matches."""
    parts = _split(_without_comments(value))
    if not parts or not parts[0].split():
        return None
    unnamed = "=" in parts[0].split()[0]  # an authserv-id is a token or a quoted string, never a result
    authserv_id = "" if unnamed else parts[0].split()[0].strip('"').lower()
    results: list[Result] = []
    for part in parts if unnamed else parts[1:]:
        method = _METHOD.match(part)
        if method is None:  # "none": the server checked nothing
            continue
        properties = tuple(
            (f"{p.group(1).lower()}.{p.group(2).lower()}", p.group(3).strip('"'))
            for p in _PROPERTY.finditer(part, method.end())
        )
        results.append(Result(method.group(1).lower(), method.group(2).lower(), properties))
    return authserv_id, tuple(results)


def _without_comments(value: str) -> str:
    """The value with (comments) removed, nested ones too, leaving quoted strings alone."""
    out: list[str] = []
    depth = 0
    quoted = False
    escaped = False
    for c in value:
        if escaped:
            escaped = False
            if depth == 0:
                out.append(c)
            continue
        if c == "\\":
            escaped = True
            if depth == 0:
                out.append(c)
            continue
        if c == '"' and depth == 0:
            quoted = not quoted
        elif not quoted and c == "(":
            depth += 1
            continue
        elif not quoted and c == ")" and depth:
            depth -= 1
            continue
        if depth == 0:
            out.append(c)
    return "".join(out)


def _split(value: str) -> list[str]:
    """The ';'-separated parts of a value, outside quoted strings."""
    parts = [""]
    quoted = False
    for c in value:
        if c == '"':
            quoted = not quoted
        if c == ";" and not quoted:
            parts.append("")
        else:
            parts[-1] += c
    return [p.strip() for p in parts]


def list_named(mail: Mail) -> str:
    """The address (or List-Id) of the mailing list that passed a mail on, as its fields name it; "" for
    mail no list passed on."""
    for name, pattern in _LIST_FIELDS:
        found = pattern.search(mail.header(name) or "")
        if found is not None:
            return found.group(1).lower()
    return ""


def _arc_dmarc(mail: Mail, results: Sequence[Result], author: str) -> tuple[str, str, str] | None:
    """(server, "pass" or "fail", domain): DMARC for the author's domain as the first intermediary (a
    mailing list) recorded it in its ARC-Authentication-Results, when the office's server found the ARC
    chain intact (arc=pass); None when it records neither. The intermediary's server, which anyone can
    run, wrote it: a pass vouches for nothing, a fail is reason enough for staff to look."""
    if not any(r.method == "arc" and r.result == "pass" for r in results):
        return None
    domain = author.rpartition("@")[2]
    for name, value in mail.headers:
        first = _FIRST_INSTANCE.match(value) if name == "arc-authentication-results" else None
        parsed = parse_authentication_results(first.group(1)) if first is not None else None
        if parsed is None:
            continue
        server, said = parsed
        for r in said:
            if (
                r.method == "dmarc"
                and r.result in ("pass", "fail")
                and dict(r.properties).get("header.from") == domain
            ):
                return server, r.result, domain
    return None


def _failed_before_the_list(
    found: SenderCheck, mail: Mail, arc: tuple[str, str, str], authserv_id: str
) -> SenderCheck:
    """The check of a list's copy (From rewritten to the list's) whose original, as the list's own server
    recorded it, failed DMARC for the author's domain: the list passed on a mail that forged the author's
    address, and the author it names vouches for nothing."""
    server, _, domain = arc
    why = f"thư gốc của {domain} không đạt DMARC"
    return dataclasses.replace(
        found,
        failed=True,
        problem=why,
        explanation=(
            f"Thư do nhóm thư {mail.list_address} chuyển đến thay cho {mail.sender}, nhưng theo ARC, máy chủ của "
            f"nhóm thư ({server}) ghi nhận {why} (máy chủ nhận thư {authserv_id} xác nhận chuỗi ARC còn "
            f"nguyên): có thể là thư giả mạo địa chỉ {mail.sender}."
        ),
    )


def _author_unproven(found: SenderCheck, mail: Mail, authserv_id: str) -> SenderCheck:
    """The check of a list's copy (From rewritten to the list's, or the author's mail wrapped in the list's)
    that nothing says the author sent: the server vouched for the list's own address, and the author is
    what the list's fields name, which whoever runs a list writes as they like («X-Original-Sender» on a
    gmail of their own); no ARC record says the author's original passed DMARC."""
    domain = mail.sender.rpartition("@")[2]
    return dataclasses.replace(
        found,
        address=mail.sender,
        failed=True,
        problem=f"qua nhóm thư {mail.list_address}, không có gì chứng minh là thư của địa chỉ này",
        explanation=(
            f"Thư do nhóm thư {mail.list_address} chuyển đến, ghi là thư của {mail.sender}, nhưng không có gì "
            f"chứng minh {mail.sender} đã gửi thư này: máy chủ nhận thư {authserv_id} chỉ xác thực địa chỉ của "
            "nhóm thư, còn người gửi do nhóm thư ghi lại thì người lập nhóm thư nào cũng ghi được, và không có "
            f"bản ghi ARC nào cho thấy thư gốc của {domain} đạt DMARC. Cán bộ hỏi trường đã gửi báo cáo này vào "
            f"nhóm thư {mail.list_address} chưa; nếu đúng thì gán thư cho trường."
        ),
    )


def _from_results(
    address: str, results: Sequence[Result], authserv_id: str, through: str = "", arc: str = ""
) -> SenderCheck:
    """The check of address from the trusted server's results. through: the list that passed the mail on
    keeping the author's From (a failure is then what its changes do to the author's signature as much as
    a forgery); arc: what the list's own server recorded of the original (_arc_dmarc), said for staff.

    Results about another From than address (DMARC's header.from names another domain) are none of its:
    the server read the From otherwise than here (a field written so that the two read different
    addresses), and the mail fails."""
    domain = address.rpartition("@")[2].lower()
    judged = _judged_from(domain, results)
    first: dict[str, str] = {}
    dkim_results: list[Result] = []
    for r in results:
        if r.method == "dkim":
            dkim_results.append(r)
        first.setdefault(r.method, r.result)  # a lower copy of the same method cannot overrule
    spf, spf_shown = _spf(domain, next((r for r in results if r.method == "spf"), None))
    dmarc = _DMARC.get(first.get("dmarc", ""), Check.NONE)
    dkim_check, dkim_shown = _dkim(domain, dkim_results)
    by = (
        f"máy chủ nhận thư {authserv_id} kiểm tra: SPF {spf_shown}, "
        f"DKIM {dkim_shown}, DMARC {_word(dmarc, first.get('dmarc'))}"
    )
    failed = bool(judged) or dmarc is Check.FAIL or (spf is Check.FAIL and dkim_check is not Check.PASS)
    why = ""
    if judged:
        why = f"máy chủ nhận thư xác thực một địa chỉ gửi của {judged}, không phải của {domain}"
    elif failed:
        why = "DMARC không đạt" if dmarc is Check.FAIL else "SPF không đạt và không có chữ ký DKIM hợp lệ"
    found = SenderCheck(address, spf, dkim_check, dmarc, authserv_id, failed, why)
    if judged:
        explanation = (
            f"Thư giả mạo địa chỉ {address}: {why} ({by}). Dòng From của thư khiến máy chủ nhận thư và hệ "
            f"thống đọc ra hai người gửi khác nhau, nên kết quả xác thực không nói gì về {address}."
        )
    elif failed and through:
        vouched = (
            f" Theo ARC, {arc} trước khi chuyển đi, nhưng đó là lời của máy chủ nhóm thư." if arc else ""
        )
        explanation = (
            f"Thư do nhóm thư {through} chuyển đến, vẫn ghi địa chỉ gửi {address}: {why} ({by}). Nhóm thư "
            "thường thêm tên nhóm vào tiêu đề và lời cuối thư, làm chữ ký DKIM của trường không còn hợp lệ; "
            f"thư giả mạo địa chỉ của trường cũng trông như vậy.{vouched} Cán bộ hỏi trường đã gửi báo cáo "
            f"này vào nhóm thư {through} chưa (hoặc xem thư trong nhóm); nếu đúng thì gán thư cho trường."
        )
    elif failed:
        explanation = f"Thư giả mạo địa chỉ {address}: {why} ({by})."
    elif found.authenticated:
        explanation = f"Địa chỉ gửi {address} đã được xác thực ({by})."
    else:
        explanation = f"Chưa xác thực được địa chỉ gửi {address} ({by})."
    return dataclasses.replace(found, explanation=explanation)


def _judged_from(domain: str, results: Iterable[Result]) -> str:
    """The domain of the From the server judged (a DMARC result's header.from) when it is not domain; ""
    when it is, or when the server does not say."""
    for r in results:
        judged = dict(r.properties).get("header.from", "") if r.method == "dmarc" else ""
        judged = judged.rpartition("@")[2].lower().rstrip(".")
        if judged and _ascii(judged) != _ascii(domain):
            return judged
    return ""


def _ascii(domain: str) -> str:
    """A domain as DNS spells it (punycode), as the server may write one the From spells in Vietnamese."""
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        return domain


def _dkim(domain: str, results: Sequence[Result]) -> tuple[Check, str]:
    """The DKIM verdict on a sender's domain, and how staff read it. Only a signature of that domain (or a
    parent or child of it) vouches for the sender, as DMARC has it: anyone can sign a forged From with a
    domain of their own. A result that names no signing domain is taken as the sender's."""
    own = [r.result for r in results if not _signer(r) or _aligned(_signer(r), domain)]
    if "pass" in own:
        return Check.PASS, _word(Check.PASS, "pass")
    verdict = Check.FAIL if any(r in ("fail", "permerror") for r in own) else Check.NONE
    shown = _word(verdict, own[0] if len(set(own)) == 1 else None)
    others = list(dict.fromkeys(_signer(r) for r in results if r.result == "pass"))  # none is the sender's
    if others:
        shown += f" (chữ ký hợp lệ của {', '.join(others)}, không phải của tên miền gửi {domain})"
    return verdict, shown


def _spf(domain: str, result: Result | None) -> tuple[Check, str]:
    """The SPF verdict on a sender's domain, and how staff read it. A pass for the envelope of another
    domain (smtp.mailfrom, the bounce address a forger sets to their own) vouches for the server of that
    domain, not for the From: it says nothing of the sender, as DMARC has it."""
    if result is None:
        return Check.NONE, _word(Check.NONE, None)
    verdict = _SPF.get(result.result, Check.NONE)
    envelope = dict(result.properties).get("smtp.mailfrom", "").rpartition("@")[2].lower()
    if verdict is Check.PASS and envelope and not _aligned(envelope, domain):
        return Check.NONE, f"đạt cho {envelope}, không phải tên miền gửi {domain}"
    return verdict, _word(verdict, result.result)


def _signer(result: Result) -> str:
    """The domain a DKIM result is about: its header.d, else the domain of its header.i; "" when neither."""
    properties = dict(result.properties)
    return (properties.get("header.d") or properties.get("header.i", "").rpartition("@")[2]).lower()


def _word(check_: Check, raw: str | None) -> str:
    """'đạt', or 'không đạt (softfail)' with the server's own word when it says more."""
    shown = _SHOWN[check_]
    return f"{shown} ({raw})" if raw and raw not in ("pass", "fail", "none") else shown


def _from_dkim(address: str, raw: bytes, dns: DnsLookup) -> SenderCheck:
    """DKIM checked here: every signature verified; only the sender's own domain's (or a parent's or a
    child's) vouch for it, and one of them that no longer verifies makes the mail a forgery whatever
    another domain signed."""
    domain = address.rpartition("@")[2].lower()
    outcomes = [_verify(raw, i, dns) for i in range(_signature_count(raw))]
    if not outcomes:
        return SenderCheck(address, checked_by=DKIMPY, explanation=f"Thư từ {address} không có chữ ký DKIM.")
    own = [(d, outcome) for d, outcome in outcomes if _aligned(d, domain)]
    passed = [d for d, outcome in own if outcome == "pass"]
    own_failed = [d for d, outcome in own if outcome == "fail"]
    if passed:
        return SenderCheck(
            address,
            dkim=Check.PASS,
            checked_by=DKIMPY,
            explanation=f"Địa chỉ gửi {address} đã được xác thực: chữ ký DKIM của {', '.join(passed)} hợp lệ.",
        )
    if own_failed:
        why = f"chữ ký DKIM của tên miền {own_failed[0]} không khớp với nội dung thư"
        return SenderCheck(
            address,
            dkim=Check.FAIL,
            checked_by=DKIMPY,
            failed=True,
            problem=why,
            explanation=f"Thư giả mạo địa chỉ {address}: {why}.",
        )
    return SenderCheck(
        address,
        dkim=Check.FAIL if any(o == "fail" for _, o in outcomes) else Check.NONE,
        checked_by=DKIMPY,
        explanation=f"Chưa xác thực được địa chỉ gửi {address}: {_unproven(outcomes, domain)}.",
        retry=any(o == "temperror" for _, o in outcomes),
    )


def _unproven(outcomes: Sequence[tuple[str, str]], domain: str) -> str:
    """Why no signature vouches for the sender: those that could not be verified, and why, and those of
    other domains that verified."""
    said = [f"chữ ký DKIM của {d} {_UNVERIFIED[outcome]}" for d, outcome in outcomes if outcome != "pass"]
    others = list(dict.fromkeys(d for d, outcome in outcomes if outcome == "pass"))
    if others:
        said.append(f"chữ ký DKIM hợp lệ của {', '.join(others)} không phải của tên miền gửi {domain}")
    return "; ".join(said)


def _signature_count(raw: bytes) -> int:
    try:
        return sum(1 for name, _ in dkim.DKIM(raw).headers if name.lower() == b"dkim-signature")
    except dkim.DKIMException:
        return 0


def _verify(raw: bytes, index: int, dns: DnsLookup) -> tuple[str, str]:
    """(signing domain, "pass" | "fail" | "temperror" | "permerror" | _NO_KEY) of the index-th DKIM
    signature."""
    lookups: list[str] = []

    def lookup(name: bytes, timeout: int = 5) -> bytes | None:
        try:
            record = dns(name)
        except dkim.DnsTimeoutError:
            lookups.append("temperror")
            raise
        if record is None:
            lookups.append(_NO_KEY)  # no key published: nothing can verify this signature
        return record

    checker = dkim.DKIM(raw)
    try:
        ok = checker.verify(idx=index, dnsfunc=lookup)
    except dkim.ValidationError as e:  # the body or the signature does not match the message
        log.info("DKIM signature %d does not verify: %s", index, e)
        return _domain(checker), "fail"
    except dkim.DKIMException as e:
        log.info("DKIM signature %d unreadable: %s", index, e)
        return _domain(checker), "permerror"
    if ok:
        return _domain(checker), "pass"
    return _domain(checker), lookups[-1] if lookups else "fail"


def _domain(checker: dkim.DKIM) -> str:
    domain = getattr(checker, "domain", None)
    return domain.decode("ascii", "replace").lower() if isinstance(domain, bytes) else "?"


def _aligned(signer: str, sender: str) -> bool:
    """Relaxed alignment: the signing domain is the sender's domain or a parent or child of it."""
    return signer == sender or sender.endswith("." + signer) or signer.endswith("." + sender)


def _system_dns(name: bytes) -> bytes | None:
    return dnsplug.get_txt(name)
