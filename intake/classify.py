"""Decides what a message is: a configured report (read or not), the office's own mail, or noise.

A report is a document that is the report: a cover note that mentions it is not. A message from
the office's own addresses is internal; mail no person wrote (bounces, auto-replies, lists) is
automatic and never answered.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from intake import dates, forwarded, headers, systems
from intake.campuses import of_a_site, site_written
from intake.corrections import CLAUSE_END, PROMISES
from intake.message import (
    COPIES_HEADING,
    FORWARD_SUBJECT,
    REPLY_SUBJECT,
    THREAD_SUBJECT,
    Mail,
    head_of,
    no_reply,
)
from intake.names import blank_name, find_mentions
from intake.years import (
    NOON,
    TITLE_YEAR,
    SeasonAhead,
    near_receipt,
    own_school_year,
    report_year,
    season_ahead,
    season_said,
    stated_year,
    title_school_year,
    years_written,
)
from kernel import mailids, units
from kernel.attachment import Attachment
from kernel.config import Config, ReportConfig, SchoolConfig
from kernel.runtime import MIN_OCR_CONFIDENCE
from kernel.seasons import FIRST_YEAR, LAST_YEAR, deadline_day, deadline_of, local, running_season, season_of
from kernel.status import CORRECTION_NOTE
from kernel.store import ASKS_EXTENSION, ASKS_OFFICE, WRONG_PAPER
from parsers import archives
from parsers.document import Document, Failure, FailureCode, Section, SectionResult, SectionSpec
from parsers.facts import KINDS, body_start, extract_header, later_papers, role_in_line
from parsers.figures import figures_named, find_figures
from parsers.keywords import SENTENCE_END, Keywords
from parsers.read import BODY_NAME
from parsers.sections import find_sections
from parsers.text import fold, has_diacritics, nfc


@dataclass(frozen=True)
class Claim:
    """A school's word, in mail with nothing attached, that it sent a configured report before ("Dạ trường
    em đã nộp báo cáo NQ121 hôm 20/10 ạ"): only the store knows whether anything of it came."""

    report_id: str
    sentence: str  # as written, shortened


@dataclass(frozen=True)
class Question:
    """A person's new mail (answering none of the office's), sending nothing, that asks the office something
    about a configured report ("Cho em hỏi báo cáo NQ121 năm nay Phòng có mẫu mới không ạ?"): from a school,
    only staff answer it, as they answer the same words replying to the office's mail (_asked)."""

    report_id: str
    said: str  # the mail's own words, shortened


@dataclass(frozen=True)
class Classification:
    is_report: bool
    report_id: str | None
    year: int | None  # the season reported on; None when nothing states it (the caller takes the receipt's)
    reason: str  # Vietnamese, shown to staff
    needs_staff: bool = False  # not a report, but a person answered our mail: staff should read it
    automatic: bool = False  # no person wrote it (bounce, auto-reply, list, robot): never answered
    internal: bool = False  # the office's own mail
    problems: tuple[str, ...] = ()  # a report whose files could not be read: what went wrong, per file
    # The documents that are the report; other papers sent with it (a plan, another report) are not.
    documents: tuple[Document, ...] = ()
    drafts: tuple[Document, ...] = ()  # reports set aside as drafts by their file names, beside the final
    # The other configured reports the same mail carries, each in papers of its own (one mail, two plans).
    more: tuple[Classification, ...] = ()
    # Of a paper on several plans (contested), the other plans it may be the report of, each with the season
    # it states for that plan: it waits for staff in each plan's season alike, holding each plan's reminders.
    also: tuple[tuple[str, int | None], ...] = ()
    # A paper for staff that may be the report (a draft) holds its school's reminders while it waits; one
    # that reports on part of the year does not: the year's report is still owed.
    holds: bool = True
    # Not a report, but the school says it sent one before: staff look when nothing of it is on record.
    claim: Claim | None = None
    # Not a report, but a new mail asking the office about one: staff answer it when a school sent it.
    question: Question | None = None
    # A person's note asking the office to cancel mail sent before ("gửi nhầm file, xin Phòng bỏ giúp").
    withdraws: bool = False
    # The mail says it adds to a report sent before ("gửi bổ sung phụ lục") and its papers hold nothing of
    # the report itself: with the school's readable report on record it goes with that report, not as an
    # unreadable one; without, it is unreadable (problems) like any paper holding no report.
    supplement: bool = False
    # The report, in mail the server's spam filter marked: credited only by staff.
    spam_flagged: bool = False
    # Its papers bear no title and the mail names no report (subject «BC», file «BC.docx»): only the
    # sentences of their text say which report they are (_Verdict.by_text_alone).
    by_text_alone: bool = False
    # The schools a machine's notice for staff is about (a quarantine notice naming their addresses): its
    # sender is none of theirs, and its words may name them by address alone.
    about: tuple[str, ...] = ()

    @property
    def unreadable(self) -> bool:
        return self.is_report and bool(self.problems)


_BOUNCE_SUBJECT = re.compile(
    r"undeliver|delivery status notification|delivery (?:has )?failed|mail delivery (?:failed|subsystem)"
    r"|returned mail|failure notice|message not delivered|khong (?:the )?gui duoc|thu bi tra lai"
    r"|khong gui thu duoc|tra lai thu|loi (?:chuyen|gui) (?:phat )?thu|khong (?:the )?chuyen (?:phat )?(?:duoc )?thu"
    r"|khong den duoc nguoi nhan"
)
# Mail servers' own addresses for delivery-failure notices; Exchange Online writes its own from one fixed
# local part in every organisation.
_BOUNCE_SENDER = re.compile(
    r"^(?:mailer-daemon|postmaster|mail-daemon|microsoftexchange329e71ec88ae4615bbc36ab6ce41109e)@"
)
_AUTO_SUBJECT = re.compile(
    r"^(?:auto(?:matic)?[ -]?(?:reply|response)|autoreply|auto:|out of (?:the )?office|away from|vacation"
    r"|(?:thu )?tra loi tu dong|tu dong tra loi|phan hoi tu dong|vang mat|dang nghi phep|nghi phep)"
)
# The opening of an out-of-office note, on folded text: a greeting or thanks for the mail at most, then its
# writer away ("Tôi đang nghỉ phép", "Tôi hiện đang vắng mặt", "Tôi đang đi tập huấn tại Sở", "I'm currently
# on leave") or unable to answer until back ("Tôi hiện không thể trả lời thư", "Tôi sẽ trả lời thư khi trở
# về") ...
_AWAY = re.compile(
    r"^(?:(?:xin chao|kinh chao|chao|cam on[^.!]*|hi|hello|dear[^.!,]*|thank you for your (?:e-?mail|message))"
    r"[.!,]?\s*)?(?:(?:toi|em|minh) (?:hien )?(?:(?:dang|se) (?:nghi (?:phep|om|thai san)|vang mat|"
    r"di (?:cong tac|tap huan|hop)|khong co mat)|(?:dang )?khong the tra loi|se tra loi (?:thu )?khi (?:tro )?ve)"
    r"|hien (?:toi|em|minh) (?:dang )?khong the tra loi"
    r"|i(?: am|'m| will be) (?:currently )?(?:out of (?:the )?office|on (?:annual )?leave|away))\b"
)
# ... and what a person adds after it about a sending ("em Lan sẽ gửi báo cáo", "nhờ cô Lan gửi ạ"); an
# auto-reply asks for mail to go elsewhere at most ("vui lòng gửi thư cho văn thư").
_OWN_SENDING = re.compile(r"(?<!vui long )(?<!xin )(?<!hay )\b(?:gui|goi|nop|dinh kem)\b")
# A read receipt (MDN) sent as plain mail, on folded text: Outlook's "Read: …", "Not read: …", in Vietnamese
# "Đã đọc: …"; Roundcube's "Return Receipt (read): …", in Vietnamese "Biên nhận (đã đọc): …"; Thunderbird's,
# SOGo's and webmail's "Return Receipt (displayed) - …" (or dispatched, processed, deleted, denied, failed).
_READ_RECEIPT_SUBJECT = re.compile(
    r"^\s*(?:(?:not )?read|da doc|return receipt \(read\)|bien nhan \(da doc\))\s*:"
    r"|^\s*return receipt \((?:displayed|dispatched|processed|deleted|denied|failed)\) -"
)
BOUNCE_REASON = "Thư báo lỗi gửi thư (thư bị trả lại), không phải báo cáo."
_AUTO_REPLY_REASON = "Thư trả lời tự động, không phải báo cáo."
_QUOTED_CHARS = 200  # of the sender's words a reason quotes
_FIGURES_AFTER = 2  # sentences after a correction's announcement that may state what it corrects
_LIST_REASON = "Thư gửi hàng loạt (bản tin, danh sách thư), không phải báo cáo."
# A mailing list's digest of its posts, on its folded subject: Google Groups' "[nhom] Bản tin tóm tắt - 3 cập
# nhật trong 2 chủ đề", "Digest for nhom@googlegroups.com - 3 updates in 2 topics", "Abridged summary of …",
# «Thông báo tóm tắt», «Tóm tắt hằng ngày», «5 tin nhắn». «Tóm tắt» alone opens a person's post as well
# («Tóm tắt kết quả thực hiện NQ121 của trường …»).
_DIGEST = re.compile(
    r"\bdigest\b|\b(?:ban tin|thong bao) tom tat\b|\btom tat hang ngay\b|\babridged summary\b"
    r"|\b\d+ (?:cap nhat trong \d+ chu de|updates? in \d+ topics?|tin nhan\b)"
)
# A mail filter's notice that mail is held in its quarantine, on a folded subject: Microsoft 365's "You have
# messages in quarantine", Google's "Email quarantine", a provider's «[Cách ly] Thông báo thư bị giữ lại do
# nghi ngờ thư rác».
_QUARANTINE = re.compile(r"\bquarantin|\bcach ly\b|\bbi giu lai\b|\bnghi ngo (?:la )?thu rac\b")
_QUARANTINE_REASON = (
    "Thông báo của bộ lọc thư rác về thư bị giữ lại (cách ly), không có thư nào từ địa chỉ của trường, "
    "không phải báo cáo."
)
# A line of a quarantine notice quoting the sender of the mail held, folded: «Người gửi: …», «From: …».
_QUOTED_SENDER = re.compile(r"^[>*\s-]*(?:nguoi gui|from|sender|tu)\s*:(.*)$")
_DIGEST_REASON = (
    "Bản tin tóm tắt (digest) của nhóm thư, gom các thư đã gửi trong nhóm, không phải báo cáo của trường; "
    "hệ thống không trả lời thư gửi từ địa chỉ của nhóm thư."
)
_NEWSLETTER_BODY = re.compile(r"unsubscribe|huy dang ky|ngung nhan (?:thu|ban tin)")
# A calendar invitation's file (Google Calendar, Outlook): "invite.ics", text/calendar; its text is the
# event's fields, whatever report its title names.
_CALENDAR_TYPES = ("text/calendar", "application/ics", "text/x-vcalendar")
# A web page attached that runs a script or asks for a password, on its lowered bytes: a phishing page
# ("BaoCao_NQ121.htm" sending the reader to a fake login), never a paper; Word's "Save as Web Page" has neither.
_PHISHING_PAGE = re.compile(rb"<script\b|<input[^>]*type\s*=\s*[\"']?password|http-equiv\s*=\s*[\"']?refresh")
_WEB_PAGE = (".htm", ".html", ".shtml", ".xhtml")
# A document system's reminder to the unit about its own pending papers ("[QLVB] Nhắc việc: Văn bản … sắp
# đến hạn xử lý"), on folded text: the unit's task, never a school's paper.
_TASK_REMINDER = re.compile(r"\bnhac viec\b|\b(?:sap )?(?:den|qua) han xu ly\b")
# A mail server's own addresses (message.no_reply tells a service's that takes no replies).
_ROBOT_SENDERS = ("mailer-daemon", "postmaster", "microsoftexchange329e71ec88ae4615bbc36ab6ce41109e")
# A link to a file kept elsewhere instead of an attachment: a cloud drive (Google, OneDrive, iCloud, Zalo's
# file servers...), a short link to one, or any address whose path ends in a file's name ("…/BC.docx").
_CLOUD_LINK = re.compile(
    r"https?://(?:(?:[\w-]+\.)*(?:drive\.google\.com|docs\.google\.com|drive\.usercontent\.google\.com"
    r"|onedrive\.live\.com|1drv\.ms|sharepoint\.com|icloud\.com|dropbox\.com|fshare\.vn|mediafire\.com"
    r"|wetransfer\.com|we\.tl|zdn\.vn|zalo\.me|box\.com|mega\.nz|terabox\.com|bit\.ly|tinyurl\.com|goo\.gl"
    r"|cutt\.ly|rb\.gy|shorturl\.at|confidential-mail\.google\.com"
    # a document system's (VNPT-iOffice, Viettel VOffice, a province's QLVB): the paper is kept in it
    r"|(?:ioffice|eoffice|voffice|qlvb(?:dh)?|vpdt|vpdientu|edoc|dhtn)(?:\.[\w-]+)+)(?:[/?#:]\S*)?(?![\w.-])"
    r"|\S+\.(?:docx?|pdf|xlsx?|zip|rar|jpe?g|png)(?![\w/]))",
    re.IGNORECASE,
)
# A picture the mail shows, as a plain-text rendering writes it ("[https://res.cdn.office.net/…/pdf_16x16.png]",
# the icon Outlook puts before a shared file's name): no file sent.
_SHOWN_PICTURE = re.compile(r"\[\S+\.(?:png|gif|jpe?g|svg)\]", re.IGNORECASE)
# A link to an online form (Google Forms, Microsoft Forms): a form filled in, or one to fill in, is no file
# sent; a form's receipt ("Cảm ơn bạn đã điền …") links to it.
_FORM_LINK = re.compile(
    r"https?://(?:docs\.google\.com/forms/|forms\.gle/|forms\.office\.com/|forms\.microsoft\.com/)",
    re.IGNORECASE,
)
# Another kind of paper named as what a link leads to, on a folded line: a title starting with it ("Kế
# hoạch thực hiện NQ121", a shared file "KH_NQ121.docx", after a colon, a quote or a table's cell bar: a
# document system's notice, "Trích yếu | Kế hoạch …") or a note sending it
# ("gửi Kế hoạch …"), not a paper cited ("Thực hiện Kế hoạch số 45/KH-PGDĐT, trường gửi link").
_LINKED_KIND = r"(?:ke hoach|kh|quyet dinh|to trinh)\b"
# A file named as a plan, on its folded name: «KH_NQ121.docx», «KH121.pdf», «KeHoach NQ121.docx», «KHoach».
_PLAN_FILE = re.compile(r"(?:^|[^a-z])(?:kh|ke ?hoach|khoach)(?:[^a-z]|$)")
# The weeks a school sends the report around a deadline (_reporting_weeks).
_BEFORE_REPORTING = dt.timedelta(days=30)
_AFTER_REPORTING = dt.timedelta(days=90)
# A forward of a mail sent at most this long before it passes on what its sender just wrote (a principal's
# mail the clerk sends on): its subject says what the mail sends (_says_it_sends).
_FRESH_FORWARD = dt.timedelta(days=3)
# A paper cited by its number in a mail's words ("Kế hoạch số 45/KH-PGDĐT", "KH 45/KH-UBND"), folded.
_CITED_PAPER = re.compile(rf"\b{_LINKED_KIND}\s+(?:so\s+)?\d+\S*|\S*/{_LINKED_KIND}\S*")
_OTHER_KIND = re.compile(rf"(?:^|[:|\t\"'“”«(])\s*{_LINKED_KIND}|\bgui\b(?: \w+){{0,2}} {_LINKED_KIND}")
# A mail that sends pictures of the school's activities as evidence ("hình ảnh hoạt động tuyên truyền",
# "ảnh minh chứng"), on folded text; not a photo of the report itself ("ảnh chụp báo cáo").
_ACTIVITY_PHOTOS = re.compile(
    r"\b(?:hinh anh|anh|hinh|clip|video)\b(?: (?:cac|mot so|nhung))? (?:hoat dong|minh chung|buoi|tuyen truyen"
    r"|chuong trinh|ngoai khoa|sinh hoat|hoi thi)\b|\bminh chung\b"
)
_PHOTO_OF_PAPER = re.compile(
    r"\b(?:anh|hinh anh|hinh|ban) (?:chup |scan |chup lai )?(?:cua )?(?:bao cao|bc|van ban|cong van)\b"
    r"|\b(?:chup|scan) (?:lai )?(?:bao cao|bc|van ban)\b"
)
_SENDS_SOMETHING = re.compile(r"\bgui\b")
_PHOTOS_ONLY = (
    "Thư chỉ kèm hình ảnh hoạt động, không kèm tệp báo cáo. Đề nghị trường gửi lại thư có đính kèm tệp báo "
    "cáo (DOCX hoặc PDF)."
)
_PAGE_SECTIONS = 2  # a picture holding this many of the report's sections is a page of it
_SCAN_NAME = re.compile(r"\.(?:jpe?g|png|heic|heif|gif|bmp|webp|avif|tiff?|pdf)$", re.IGNORECASE)
_IMAGE_NAME = re.compile(r"\.(?:jpe?g|png|heic|heif|gif|bmp|webp)$", re.IGNORECASE)
# Gmail's confidential mode: the mail holds only a link to its content (text and files) on Google's server.
_CONFIDENTIAL = re.compile(r"https?://confidential-mail\.google\.com\b", re.IGNORECASE)
# An Outlook protected (rights-managed) message: its text and files sealed in one attachment.
_PROTECTED = re.compile(r"\.rpmsg$", re.IGNORECASE)
# Someone asking the office for access to a file it shares (a drive's access request: "Yêu cầu chia sẻ",
# "đang yêu cầu quyền truy cập"), on folded text: its link is the office's own file, never a report sent.
_ASKS_ACCESS = re.compile(
    r"\byeu cau (?:quyen )?(?:truy cap|chia se)\b|\bxin (?:cap )?quyen (?:truy cap|xem|chinh sua)\b"
    r"|\brequest(?:s|ing)? (?:to )?access\b"
)
# A note, with no file, asking the office to disregard mail sent before (Outlook's recall among them): only
# staff can withdraw it. Mail sent to the wrong place («gửi nhầm vào hộp thư xã», «gửi nhầm địa chỉ»)
# disowns nothing it sent.
_WITHDRAWS = re.compile(
    r"\b(?:gui nham(?! (?:hop thu|dia chi|noi nhan|(?:e-?mail|mail) cua)\b| (?:vao|sang|qua|ve|toi|den|len|cho) (?!(?:\S+ ){0,3}?"
    r"(?:file|tep|ban|bao cao|van ban)\b))|xin (?:phep |phong |thay |co )?(?:huy|thu hoi|rut)"
    r"|(?:huy|bo) giup|(?:huy|thu hoi|rut lai|bo qua|khong su dung) (?:bo )?(?:thu|file|tep|email|mail|bao cao"
    r"|van ban))"
    r"|\bwould like to recall the message\b"  # Outlook's recall in English: «X would like to recall the message»
)
# A paper that replaces another ("thay thế văn bản số 45/BC-THMA"), on folded text.
_REPLACES = re.compile(r"\bthay the\b")
# A school asking for a later deadline ("xin gia hạn nộp báo cáo đến 28/10", "đề nghị Phòng cho gia hạn"), on
# folded text.
# "xin phép gửi báo cáo chậm đến ngày 30/10" asks for one too, and so do the South's "xin nộp trễ 2 ngày",
# "cho trường em nộp trễ tới thứ Hai được không ạ" and "xin hoãn nộp báo cáo đến 30/10"; "xin lỗi vì gửi
# chậm" apologises.
_ASKS_EXTENSION = re.compile(
    r"\b(?:xin|de nghi|cho phep|mong)\b(?: \S+){0,4}? (?:gia han|hoan (?:gui|nop))\b"
    r"|\b(?:xin|cho) (?!loi\b)(?:phep )?(?:\S+ ){0,2}?(?:duoc )?(?:gui|nop) (?:\S+ ){0,4}?(?:cham|tre)\b"
)
# ... not thanks for one granted ("em cảm ơn Phòng đã cho trường em gia hạn"), on folded text.
_EXTENSION_GRANTED = re.compile(r"\b(?:cam on|da (?:\S+ ){0,4}?gia han|duoc gia han)\b")
# ... on lower-case text with its marks, where «Dạ, trường em xin gia hạn» is no «đã … gia hạn».
_EXTENSION_GRANTED_MARKED = re.compile(r"\b(?:c[ảá]m ơn|đã (?:\S+ ){0,4}?gia hạn|được gia hạn)\b")
# A cover note saying a file goes with it ("file đính kèm", "gửi kèm theo"), or naming the file it sends
# ("em gửi file BC NQ121.docx ạ"), on folded text.
_SAYS_ATTACHED = re.compile(
    r"dinh kem|gui kem|kem theo|file bao cao|tep bao cao|\(file\)|\w\.(?:docx?|pdf|jpe?g|png|heic|zip|rar)\b"
)
# ... unless it says the content goes in the mail itself ("Gửi kèm nội dung trong thư vì máy scan hỏng", "gửi
# kèm nội dung báo cáo dưới đây"), on folded text.
_SAYS_IN_BODY = re.compile(
    r"\bnoi dung\b(?: \S+){0,2}? (?:(?:ngay )?trong (?:than )?(?:thu|email|e-mail|mail)|duoi day|sau day|ben duoi|nhu sau)\b"
)
# A sentence that asks the office something ("file báo cáo mẫu kèm theo công văn ở đâu ạ?") or tells of
# mail sent before ("đã gửi báo cáo kèm theo email ngày 15/10 rồi") speaks of no file of this mail. On
# lower-case text with its marks: folded, "hỏi" (ask) is "hồi" (thu hồi, phản hồi).
_ASKS = r"\?|\bhỏi\b"
_ASKS_OR_TELLS_BEFORE = re.compile(
    _ASKS + r"|\bđã (?:gửi|nộp)\b.{0,300}\brồi\b|\b(?:email|e-mail|mail|thư) (?:ngày|hôm|lúc)\b"
)
# A web address, whose "?" ("?usp=sharing") asks nothing.
_ANY_LINK = re.compile(r"https?://\S+", re.IGNORECASE)
# A draft sent for the office to look over ("bản nháp", "dự thảo"), on folded text: the school says it is
# not its report yet. An unsigned copy ("bản chưa ký, bản ký gửi sau") is the report.
_DRAFT = re.compile(r"\b(?:ban nhap|du thao)\b")
# Words that put the draft in the past: the report sent now replaces it ("bản chính thức thay cho bản nháp
# đã gửi hôm trước"), on folded text.
_REPLACES_DRAFT = re.compile(r"\bthay (?:cho|the|ban)\b|\bda gui\b|\bhom (?:truoc|qua)\b|\btruoc day\b")
# Words denying that what is sent is a draft ("bản chính thức, không phải bản nháp"), on folded text.
_NOT_A_DRAFT = re.compile(r"\bkhong phai (?:la )?(?:ban )?(?:nhap|du thao)\b")
# Words setting aside a draft ("Phòng bỏ giúp em", "xin hủy", "không sử dụng"), on lower-case text with its
# marks (folded, "bỏ" is "bộ" of "cán bộ") ...
_DISCARDS = re.compile(r"\bbỏ (?:qua|đi|giúp|giùm|hộ)\b|\bh(?:ủy|uỷ)\b|\bkhông (?:sử dụng|dùng|lấy)\b")
# ... that the school sent before ("bản nháp em gửi ngày 12/10", "bản nháp lần trước"), on folded text: a
# draft still to be looked over may be one "Phòng không dùng để tổng hợp".
_EARLIER = re.compile(r"\b(?:lan truoc|truoc do)\b|\b(?:ngay|hom) \d")
# A note or subject that sends the final version beside the draft ("em gửi bản dự thảo và bản chính thức có
# chữ ký"), on folded text; not one promising it ("bản chính thức em sẽ gửi sau") or denying it ("chưa ký").
_FINAL_TOO = re.compile(r"\b(?:chinh thuc|co chu ky|da ky|ban ky|ky so|dong dau)\b")
_FINAL_LATER = re.compile(r"\b(?:se|sau|chua|khong)\b")
# A note on the draft's thread sending the report corrected as the office commented ("em gửi báo cáo đã
# chỉnh sửa theo góp ý của Phòng"), on folded text: the draft went before, this is the report.
_AS_COMMENTED = re.compile(
    r"\b(?:sua|chinh sua|dieu chinh|hoan chinh|bo sung)\b(?: \S+){0,3}? theo (?:cac |nhung )?(?:gop y|y kien)\b"
)
_NOTESENTENCE_END = re.compile(r"(?<=[.;!?])\s+|\n")
# A clause sending something again, more of it or now, the report already named beside it ("em gửi lại ạ",
# "nay trường gửi lại bản đã ký", "nay em gửi bổ sung phần đề xuất", "em gửi ạ"), on folded text; not the
# office's sending nor the greeting.
_RESENDS = re.compile(
    r"(?<!kinh )(?<!phong )(?<!so )(?<!pgd )\b(?:gui|goi|nop) (?:lai|bo sung|them)\b"
    r"|\b(?:em|toi|minh|truong|nha truong)(?: xin)? (?:gui|goi|nop)(?: \S+)? a\b"
)
# A clause naming an earlier copy of the report without its day ("bản trước bị lỗi", "file lần trước không
# mở được", "thư gửi trước đó"), on folded text: a sending before this one, as a dated one is.
_EARLIER_COPY = re.compile(
    r"\b(?:ban|file|tep|thu|mail|email)(?: (?:da )?(?:gui|nop))? (?:truoc|cu)\b|\blan truoc\b|\btruoc do\b"
)
# What follows this word gives the reason of a sending ("em gửi lại vì sợ Phòng chưa nhận"), not its time.
_BECAUSE = re.compile(r"\b(?:vì|do sợ|để)\b")
# A sentence sending a report now ("em gửi báo cáo NQ121 ạ", "Trường … gửi Phòng báo cáo …"), folded; not
# the greeting "Kính gửi Phòng …".
_SENDS_NOW = re.compile(r"(?<!kinh )\bgui\b(?: \S+){0,4}? (?:bao cao|bc)\b")
# ... or naming it first and the sending after ("báo cáo đã sửa em gửi lại", "bản đã ký em gửi lại ạ"), or
# sending a version of it ("em gửi lại bản đã ký"), on lower-case text with its marks: folded, "bản" is
# also "bạn" (a friend). What the office sent ("mẫu báo cáo Phòng gửi em đã nhận") is no sending of the
# school's, nor is a sentence telling of something received.
_SENDS_IT_NOW = re.compile(
    r"\b(?:báo cáo|bc|bản)\b(?: \S+){0,8}? (?<!kính )(?<!phòng )(?<!sở )(?<!pgd )(?:gửi|gởi)\b"
    r"|(?<!kính )\b(?:gửi|gởi)\b(?: \S+){0,3}? bản\b"
)
_RECEIVED = re.compile(r"\bnhận\b")
# ... or sending to the office without naming what ("gửi PGD", "em gửi về Phòng ạ"), on folded text.
_SENDS_TO_OFFICE = re.compile(r"(?<!kinh )\b(?:gui|goi|nop)\b(?: (?:ve|len|cho|den|toi))? (?:pgd|phong)\b")
# ... unless it asks, promises, delays, thanks or tells of mail sent before ("em sẽ gửi sau", "đã gửi hôm
# qua rồi", "xin gửi chậm"), on lower-case text with its marks. "Đã" tells of a sending only before a verb
# of sending ("đã gửi", "đã hoàn thành và gửi"): "báo cáo đã chỉnh sửa", "bản đã ký" say what the report is,
# and a sender named between them starts the sending now ("bản đã ký em gửi lại").
_NOT_SENT_NOW = re.compile(
    r"\?|\b(?:hỏi|sẽ|sau|chậm|muộn|trễ|rồi|hôm qua|trước|cảm ơn|cám ơn|khi nào|chưa|nếu|đang|không)\b"
    r"|\bđã(?: (?!(?:em|tôi|mình|chúng|trường|nhà)\b)\w+){0,3}? (?:gửi|gởi|nộp|chuyển|email|mail)\b"
)
# A sentence telling of a report sent before ("đã nộp báo cáo NQ121", "báo cáo em đã gửi hôm qua"), on
# lower-case text with its marks.
_SENT_BEFORE = re.compile(
    r"\bđã(?: \w+){0,2}? (?:gửi|gởi|nộp)\b(?: \S+){0,3}? (?:báo cáo|bc)\b"
    r"|\b(?:báo cáo|bc)\b(?: \S+){0,5}? đã(?: \w+){0,2}? (?:gửi|gởi|nộp)\b"
)
# ... or, in a reply (to a reminder, whose subject names the report), a sentence in which the school tells of
# a sending before with no object ("Dạ trường em đã gửi rồi ạ", "Trường đã gửi ngày 20/10 ạ"), or no sender
# either ("Đã gửi ạ", "Dạ đã nộp rồi ạ"), or by mail ("trường đã gửi mail rồi"); not the
# mail an auto-reply speaks of ("Thư anh chị đã gửi sẽ được trả lời"), nor another paper ("đã gửi kế hoạch").
_SENT_ALREADY = re.compile(
    r"(?:\b(?:trường|em|tôi|mình|chúng tôi|đơn vị)(?: \w+)? |^\W*(?:(?:dạ|vâng|thưa \w+)\W+){0,2})"
    r"đã(?: \w+)? (?:gửi|gởi|nộp)"
    r"(?: (?:rồi|ạ|ngày|hôm|vào|lúc|qua|cho|về|lên|bằng|trước|lại|từ|luôn|mail|email|thư|file|tệp)\b"
    r"|\s*[.,!]|\s*$)"
)
# ... or a sending done with no "đã" ("Trường gửi rồi mà", "Dạ em nộp rồi ạ", "trường em gửi từ hôm thứ 2
# rồi ạ"), on lower-case text with its marks; not one to come ("sẽ gửi", "chưa gửi"), nor the office's ("Phòng
# gửi rồi"), nor another paper ("gửi kế hoạch rồi"), nor a question ("gửi rồi hay chưa").
_SENT_DONE = re.compile(
    r"(?<!kính )(?<!phòng )(?<!sở )(?<!pgd )(?<!chưa )(?<!sẽ )(?<!không )(?<!nếu )(?<!để )\b(?:gửi|gởi|nộp)"
    r"(?: (?!(?:kế|kh|quyết|tờ|công|chưa|hay|sẽ|sau|không)\b)\S+){0,5}? rồi\b(?! (?:hay|chưa)\b)"
)
# The day a sentence gives its sending, after the verb ("gửi Phòng hôm 20/10", "nộp ngày 18/10/2021", "gửi
# vào 18-10", "gửi hôm 24 tháng Mười"), on folded text whose months are numbers (dates.months_in_numbers);
# "ngày" with the report or its number between ("gửi báo cáo số 45/BC-THMA ngày 18/10") dates the paper,
# not the sending; nor is the office's sending ("Phòng gửi công văn hôm …").
_SENDER_VERB = r"(?<!kinh )(?<!phong )(?<!so )(?<!pgd )\b(?:gui|goi|nop)\b"
_DAY = r"\s+" + dates.DAY
_SENT_ON = (
    re.compile(_SENDER_VERB + r"(?: \S+){0,6}? hom" + _DAY),
    re.compile(_SENDER_VERB + r"(?: (?!(?:bao|bc|so)\b)\S+){0,4}? (?:ngay|vao(?: ngay)?)" + _DAY),
)
# A date written without its year more than this many days after the mail is of the year before.
_YEARLESS_AHEAD_DAYS = 183
# A note longer than this many words is more than a note announcing the report.
_NOTE_WORDS = 80
# An answer to our mail that only thanks the office or says our mail came, on folded text (_courtesy) ...
_COURTESY = re.compile(r"\b(?:cam on|vang|da nhan|ok|oke)\b")
# ... and what makes it more than that: a question, a sending, a mistake or change, a promise or request.
_MORE_THAN_COURTESY = re.compile(
    r"\?|\b(?:gui|goi|nop|nham|huy|thu hoi|sua|chinh|dinh chinh|bo sung|thay|gia han|se|chua|xin|de nghi"
    r"|khong|sai|thieu|loi|file|tep|lai|tai sao|sao|hoi|nhung|tuy nhien)\b"
)
_COURTESY_WORDS = 40
# ... and one that says the report went another way (Zalo, a paper copy, by post or by hand, the office's
# document system), on folded text, left out no file: staff check what came that way.
_ELSEWHERE = re.compile(
    r"\b(?:zalo|ban giay|ban cung|buu dien|buu chinh|truc tiep|tan tay|phan mem|ioffice|e-?office"
    r"|he thong (?:quan ly )?van ban)\b"
)
# ... and one that corrects a report sent before ("xin đính chính số liệu", "em sửa lại: 6 buổi chứ không
# phải 4"), on folded text: staff correct the figures they sum, or ask for the corrected file.
# ... or completes it with a figure it left out ("xin bổ sung số liệu còn thiếu: số vụ xâm hại là 0 vụ");
# or says its figures are wrong without saying which ("số liệu trong báo cáo gửi hôm trước bị sai", "số
# liệu … chưa đúng"). Not "sai" alone: "Sài Gòn" folds to it; nor "chưa đúng" alone: "chưa đúng mẫu".
_CORRECTS = re.compile(
    r"\b(?:dinh chinh|sua lai|chinh sua|dieu chinh|ghi nham|bi nham|chu khong phai|bo sung so lieu"
    r"|(?:bi|ghi|nhap|go|danh) sai|sai (?:so lieu|sot)|(?:chua|khong) chinh xac"
    r"|so lieu(?: \S+){0,8}? (?:chua|khong) dung)\b"
)
_LEFT_OUT = (
    "Thư ghi gửi báo cáo nhưng không thấy tệp đính kèm. Đề nghị trường gửi lại thư có đính kèm tệp báo cáo "
    "(DOCX hoặc PDF)."
)
# ... or the file may lie among the parts the message nests too deep, or too many, to be read.
_PARTS_LEFT_OUT = (
    "Thư ghi gửi báo cáo nhưng có quá nhiều phần hoặc các phần lồng nhau quá sâu, hệ thống không đọc hết "
    "nên không thấy tệp báo cáo. Đề nghị trường gửi lại bằng một thư mới chỉ đính kèm tệp báo cáo (DOCX hoặc "
    "PDF)."
)
# A mail that adds to a report sent before ("gửi bổ sung phụ lục", "em gửi thêm minh chứng ạ"), on folded
# text: a paper of it holding nothing of the report itself is that addition, not a report left empty.
_SUPPLEMENT = re.compile(r"\bbo sung\b|\bgui them\b")
# A title naming a part of the year ("sơ kết 6 tháng đầu năm", "quý III", "học kỳ I"), on folded text:
# the plan's mid-year, quarterly or semester review, not the report of the whole period. Months alone
# ("từ tháng 10/2020 đến tháng 9/2021") bound a year's report as often as they name a month's.
# A title reviewing several years, folded: "sơ kết 5 năm thực hiện …", "10 năm triển khai …", "giai đoạn
# 2020-2025"; not a date's month ("tháng 10 năm 2026"), a school year ("năm học"), nor a period of one year
# ("giai đoạn 2025-2026", checked by _several_years).
_SEVERAL_YEARS = re.compile(
    r"(?<!thang )\b(?:[2-9]|[1-9]\d) nam\b(?! hoc)|\bgiai doan (20\d\d)\s*[-–]\s*(20\d\d)\b"
)
_PART_OF_YEAR = re.compile(r"\b(?:(?:6|06|sau) thang|quy (?:i{1,3}|iv|[1-4])|hoc ky (?:i{1,2}|[12]))\b")
# ... each written one way (classify._period): "học kỳ I" as "hoc ky 1", "06 tháng" and "sáu tháng" as "6 thang".
_PERIOD_WORDS = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "06": "6", "sau": "6"}
# A mail saying it sends a report without naming which ("Gửi báo cáo", "em gửi BC ạ"), on folded text.
_SAYS_REPORT = re.compile(r"\b(?:bao cao|bc)\b")
# A cover letter's title saying it sends a report ("V/v gửi báo cáo", "V/v gửi Báo cáo kết quả …"), folded.
_SENDS = re.compile(r"\bgui\b(?: kem)?(?: theo)? bao cao\b")
# A mail body carries the report itself only with this much text and this many of its sections ...
_BODY_REPORT_CHARS = 400
_BODY_REPORT_SECTIONS = 2
# ... or, shorter, with its sections and this many of its key figures.
_BODY_REPORT_FIGURES = 2
_KIND_REPORT = "bao cao"
# A subject that announces another kind of paper does not claim the report, whatever its topic: one that
# opens with it, or in which the sender sends it before any word of a report ("TH Long Thạnh gửi Kế hoạch
# thực hiện Nghị quyết 121"), on folded text.
_OTHER_KIND_SUBJECT = re.compile(
    r"^(?:(?:re|fw|fwd|tl|tr|chuyen tiep)\s*:\s*)*(?:(?:(?!bao cao|bc\b)[^:])*?\b(?:gui|nop)\s+(?:ban\s+)?)?"
    r"(?:ke hoach|kh\b|quyet dinh|thong bao|giay moi|to trinh)"
)
# A paper typed without the Decree 30 header says what kind it is where its title stands, on one of its first
# lines ("Giấy mời tập huấn công tác y tế trường học …", "Lịch khám sức khỏe học sinh …"), folded; a paper
# cited there by its number ("Kế hoạch số 45/KH-PGDĐT …", "Giấy mời số 45/GM-PGDĐT") is not its kind, nor
# is "Lịch sử". Under "PHỤ LỤC" the line names what an annex to a paper holds ("Danh sách học sinh …"), not
# a paper of its own.
_OPENING_LINES = 4
_ANNEX = re.compile(r"^\W*phu luc\b")
# The letterhead an annex may open with before its "PHỤ LỤC" heading, on folded lines: the national name and
# motto, the paper's number, its place and date ("Mỹ An, ngày 20 tháng 10 năm 2026"). The issuing body's
# own lines are its header's (_letterhead).
_LETTERHEAD = re.compile(r"^\W*(?:cong\s*hoa\s+xa\s+hoi|doc\s*lap\W{0,5}tu\s*do|so\s*:|[^,]{0,40},\s*ngay\b)")
_OPENING_KIND = re.compile(rf"^[\s\"'“«(]*({'|'.join(KINDS)}|lich(?! su))\b(?![\W_]*(?:so\b|\d))")
# A paper whose title is about something else is this report only when more than one sentence of its
# text names it: another report names it in passing, in one sentence ("lồng ghép tuyên truyền phòng,
# chống xâm hại trẻ em theo Nghị quyết số 121/2020/QH14"), while a report titled by the plan it
# answers ("Kết quả thực hiện Kế hoạch số 45/KH-PGDĐT") names its topic in its basis and its results.
_NAMED_SENTENCES = 2
# A title saying the paper reports for a part of the school (a teacher's own report, a class's, a
# department's, the Youth Union's), on folded text: it is not the school's report, whatever its topic.
_PART_OF_SCHOOL = re.compile(
    r"\bcua (?:ca nhan|giao vien chu nhiem|lop|to (?:chuyen mon|khoi|chu nhiem)|chi doan|chi doi|lien doi"
    r"|cong doan)\b"
    r"|\blop \d{1,2} ?[a-z]\d?\b"
)
# The issuer of a paper that is an administrative body's, not a school's (folded): the province's
# Department ("SỞ GIÁO DỤC VÀ ĐÀO TẠO"), a People's Committee ("UBND XÃ MỸ AN"), a commune's office
# ("PHÒNG VĂN HÓA - XÃ HỘI"), and the commune's other bodies that report on the same plans to it (its
# police, health station, Party committee, Fatherland Front and mass organisations). The district office
# itself is left out: a school that kept the office's header from its template still wrote its own report.
_OFFICE_ISSUER = re.compile(
    r"^(?:so\s*(?:gd|giao duc)|ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan|phong\s*(?:van hoa|vh)|cong an"
    r"|tram y te|dang uy|(?:uy ban )?mat tran|(?:uy ban |ub\s*)?mttq|hoi (?:lien hiep phu nu|lhpn|phu nu|nong dan|cuu chien binh|ccb)"
    r"|(?:bch )?doan (?:thanh nien|tncs|xa)|ban chap hanh doan)\b"
)
# A place as an issuer: a People's Committee's under "ỦY BAN NHÂN DÂN" ("XÃ MỸ AN"), but the second line
# of the district office's name under "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO" ("HUYỆN THỦ THỪA").
# The Department of Education's issuer line ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "PHÒNG GD&ĐT"), folded.
_DEPARTMENT = re.compile(r"^phong\s*(?:gd|giao duc)")
_PLACE_ISSUER = re.compile(r"^(?:xa|phuong|huyen|quan|tinh|thi tran|thi xa|thanh pho)\s")
_COMMITTEE = re.compile(r"^\s*(?:ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan)\s*$")
# An issuer line naming an organ of the body on the line above ("UB MTTQ VIỆT NAM XÃ MỸ AN" / "BAN THƯỜNG
# TRỰC", "HỘI LHPN XÃ MỸ AN" / "BAN CHẤP HÀNH", "UBND XÃ MỸ AN" / "BAN CHỈ ĐẠO CÔNG TÁC TRẺ EM"), folded: the
# paper is that body's.
_ORGAN = re.compile(r"^(?:ban (?:thuong truc|thuong vu|chap hanh|chi dao)|thuong truc|van phong)\b")
# A signing line that speaks for an administrative body, folded: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH",
# "KT. GIÁM ĐỐC"; a school's signs "HIỆU TRƯỞNG".
_SIGNS_FOR_AN_OFFICE = re.compile(r"\b(?:uy ban nhan dan|ubnd|chu tich|giam doc)\b")
_IS_THE_REPORT = 3  # a _Verdict's strength when a document itself is the report
# ... and when a document is about the report's topic but never names the report itself (see
# Keywords.naming): another report on the same topic may be it, staff say which.
_ONLY_THE_TOPIC = 1
# A paper's basis (_basis): at most this many lines after its title, up to its first numbered part ("I.",
# "1.", "a)", "Phần I"), on folded text.
_BASIS_LINES = 8
# A numbered part that is the basis itself ("I. CĂN CỨ", "1. Cơ sở pháp lý"), folded.
_BASIS_HEADING = re.compile(r"\b(?:can cu|co so)\b")
# A paper cited by its number and code in a folded title: "45/kh-pgddt", "20-ct/tw"; not a date or the
# year of a resolution's number ("121/2020/qh14", read from a scan as "l21/2020/qh14").
_CITED = re.compile(r"(?<![\w/])\d+[/-][a-z][a-z0-9/-]*")
# A resolution or law cited by its number and year in a folded title ("56/2017/qh14"): its number, which
# says whether it is the report's own resolution; not one whose first digits a scan misread ("l21/2020").
_CITED_WITH_YEAR = re.compile(r"(?<![\w/|])(\d+)/(?:19|20)\d\d/[a-z][a-z0-9-]*")
# A law, decree, directive, circular or decision named in a folded title without its number ("thực hiện
# Luật Trẻ em và …"): the title reports on that paper. The resolution's own words "chính sách, pháp luật về
# phòng, chống xâm hại trẻ em" name no law.
_NAMES_A_LAW = re.compile(r"\b(?:(?<!phap )luat|nghi dinh|chi thi|thong tu|quyet dinh)\b")
# Other subjects schools report on to the same office, in a folded title that names neither the report nor
# its topic: such a paper reports on that subject, and a report on one of them often names the resolution in
# passing ("lồng ghép tuyên truyền Nghị quyết 121/2020/QH14"). A title with no subject ("Kết quả công tác
# năm học 2021-2022") says nothing against being the report.
# A report's title that says it reports on carrying out a plan or a paper ("Kết quả thực hiện kế hoạch phòng,
# chống dịch bệnh …"), or reviews one piece of work ("Sơ kết công tác bảo đảm trật tự an toàn giao thông tháng
# 10"), on folded text; not a term's or a year's review ("Sơ kết học kỳ I", "Tổng kết thực hiện nhiệm vụ năm
# học", "Tổng kết công tác năm 2021"), which reports on no one plan: the period follows its «sơ kết», «tổng
# kết» at once, or after the words any work is called by.
_REVIEW = r"\b(?:so ket|tong ket)\b"
_CARRIES_OUT = re.compile(
    rf"^(?!.*{_REVIEW}).*\b(?:thuc hien|trien khai)\b"
    rf"|{_REVIEW} (?!(?:(?:cong tac|thuc hien|nhiem vu|hoat dong|cac) )*"
    r"(?:hoc ky|hk ?\w+|nam hoc|nam \d+|\d+ thang|giua nam|cuoi nam|dau nam|quy)\b)\w"
)
_OTHER_SUBJECT = re.compile(
    r"\b(?:an toan truong hoc|truong hoc an toan|bao luc hoc duong|y te truong hoc|an toan giao thong"
    r"|phong chay|chua chay|an toan thuc pham|ve sinh thuc pham|duoi nuoc|tai nan thuong tich|ma tuy"
    r"|pho cap|tuyen sinh|chuyen doi so|thi dua|kiem dinh chat luong|thang hanh dong vi tre em|cong tac xa hoi"
    r"|tu van tam ly|tu van hoc duong|binh dang gioi|giao duc phap luat|an ninh trat tu"
    r"|bao ve,? (?:va )?cham soc tre em|tong ket nam hoc|so ket hoc ky|tong ket cong tac nam hoc)\b"
)
_NUMBERED_PART = re.compile(r"^\s*(?:(?:[ivx]+|\d+|[a-z])\s*[.)/:]|phan\s+(?:[ivx]+|\d+)\b)")
# A BÁO CÁO with none of the report's sections and fewer words than this between its title (and "Kính
# gửi") and its "Nơi nhận" or signer is the report's form with nothing reported in it: the office's
# template with the school's header filled in, sent instead of the report. A report in prose without
# headings says far more.
_FORM_WORDS = 25
# A form whose blanks are not filled in ("Tổ chức ........ buổi tuyên truyền cho ........ lượt học sinh")
# says as much as an empty one, however many words of guidance it holds: this many blanks where the
# figures go, and none of the report's figures read but a zero ("không xảy ra vụ xâm hại nào" is in the
# form's own words).
_FORM_BLANKS = 5
# A blank is a run of dots, ellipses or underscores as wide as this many dots on the page: «....», Word's
# «……» (an ellipsis is three dots), «___» (an underscore is two dots wide).
_BLANK_DOTS = 4
_BLANK = re.compile(r"[.…_]+")
# A scan's dotted leader («TRƯỜNG ...............») read by OCR as marks and the letters dots look like when
# run together: «;6c:2eszseseeeszss», «›:‹‹4::cácccccccesso». A word of six characters or more of nothing
# else, with two marks and three such letters at least: no Vietnamese word is written with them alone.
_OCR_LEADER = re.compile(
    r"(?<!\S)(?=(?:\S*[.,:;…_‹›]){2})(?=(?:\S*[sezcoax]){3})[.,:;…_'`~‹›«»\-sezcoax\d]{6,}(?!\S)"
)
# OCR loses a blank or two of a scanned form (its number's «Số: /BC-......» read as nothing at all).
_FORM_BLANKS_SCANNED = 4
# What a form sets under its headings for the school to replace: its guidance in brackets («(Nêu các văn bản
# chỉ đạo …)»), a label with nothing after its colon («1. Số buổi tuyên truyền:»), a line of blanks. A
# section holding only these is not written (_written).
_UNWRITTEN = re.compile(r"\s*(?:\(.*\)|[^:]*:|[-+*•.…_\s]*)\s*")
# An outline of the report (its headings over nothing written) may open with its title, its addressee and
# the basis it answers («Căn cứ Kế hoạch số …», «Thực hiện …»); this many words more before its first
# heading are a report told in prose.
_OUTLINE_LEAD_WORDS = 60
_FORM_LEAD = re.compile(r"^\s*(?:kinh gui|can cu|thuc hien)\b")
_ADDRESSEE = re.compile(r"^\s*kinh gui\b")
_TEXT_WORD = re.compile(r"[^\W_]+")
_SPAM_REASON = "Thư rác: máy chủ thư đã đánh dấu thư này là thư rác."


def classify(
    mail: Mail,
    documents: Sequence[Document],
    failures: Sequence[Failure],
    config: Config,
    received_at: dt.datetime,
) -> Classification:
    """Internal, noise (bounce, auto-reply, spam, newsletter, another paper), or which configured
    report and year, and whether its files could be read.

    Mail the server marked as spam is noise, unless a paper of it is the report, read: a school's report
    flagged by mistake (a school domain's broken SPF, a gmail with a PDF) was dropped, the school counted
    as missing. It is the report then, marked spam_flagged: it waits for staff (intake.pipeline).

    Mail from a mailing list's own address is never answered, whoever it names as its author: an answer
    would go to every member of the group, and back to us in its next digest."""
    verdict = _classify(mail, documents, failures, config, received_at)
    if mail.is_list_address(mail.sender):
        verdict = replace(verdict, automatic=True)
    if verdict.internal or (verdict.automatic and not verdict.is_report) or not _spam_flagged(mail):
        return verdict  # a bounce or an auto-reply the filter marked is still read as one
    if verdict.is_report and verdict.documents and not verdict.problems:
        return replace(
            verdict, spam_flagged=True, more=tuple(replace(m, spam_flagged=True) for m in verdict.more)
        )
    return Classification(False, None, None, _SPAM_REASON)


def _classify(
    mail: Mail,
    documents: Sequence[Document],
    failures: Sequence[Failure],
    config: Config,
    received_at: dt.datetime,
) -> Classification:
    if is_internal(mail, config.office_addresses):
        reason = f"{office_sender(mail, config)}, không phải báo cáo của trường."
        # What report it carries, if any: staff who pass on a school's file need to say so (review).
        internal = Classification(False, None, None, reason, internal=True)
        if _an_invitation(mail):  # a meeting on the report staff call, its event file naming it
            return internal
        carrying = (_IS_THE_REPORT, _ONLY_THE_TOPIC)
        return _with_carried(internal, carrying, mail, documents, failures, config, received_at)
    automatic = automatic_reason(mail, config.own_domain)
    if automatic != BOUNCE_REASON and _quarantine_notice(mail, config.own_domain):
        return _held_in_quarantine(mail, config)
    if automatic == _AUTO_REPLY_REASON and _replied_with_a_file(mail):
        reason = (
            "Thư đánh dấu trả lời tự động (Auto-Submitted: auto-replied) nhưng kèm tệp, lời thư nói gửi báo "
            "cáo: có thể người gửi dùng mẫu trả lời sẵn. Cán bộ xem tệp, nếu là báo cáo của trường thì gán "
            "cho trường; hệ thống không trả lời thư tự động."
        )
        # The report it carries, if any, waits as that report: it holds the school's reminders meanwhile.
        canned = _for_staff(reason, automatic=True)
        return _with_carried(canned, (_IS_THE_REPORT,), mail, documents, failures, config, received_at)
    if _forwards_ours_alone(mail, config):
        return Classification(
            False,
            None,
            None,
            f"Máy chủ thư của {mail.sender} tự động chuyển tiếp lại thư của {units.speaker_on(config, received_at)} "
            "(Auto-Submitted: auto-forwarded), không thêm lời hay tệp nào: không phải báo cáo, không cần xử lý.",
            automatic=True,
        )
    if automatic == _LIST_REASON and mail.is_list_address(mail.sender) and _DIGEST.search(fold(mail.subject)):
        return Classification(False, None, None, _DIGEST_REASON, automatic=True)
    if automatic and not (
        automatic == _LIST_REASON and (_a_person_posted(mail, config) or _a_units_notice(mail, config))
    ):
        return Classification(False, None, None, automatic, automatic=True)
    if mail.encrypted:
        return _for_staff(
            f"Thư được mã hóa ({mail.encrypted}): chỉ người nhận có khóa giải mã mới mở được, hệ thống không "
            "đọc được nội dung và tệp đính kèm. Cán bộ mở thư bằng phần mềm thư có chứng thư số hoặc tài khoản "
            f"của {units.speaker_on(config, received_at)} rồi gán cho trường, hoặc đề nghị người gửi gửi lại "
            "thư không mã hóa."
        )
    if not documents and failures and all(f.code == FailureCode.PROGRAM for f in failures):
        return _for_staff(
            f"Thư chỉ kèm chương trình chạy được ({', '.join(f.name for f in failures)}), không phải báo cáo, "
            "có thể là virus: không mở tệp. Nếu thư gửi từ địa chỉ của một trường, có thể máy tính hoặc hộp "
            "thư của trường đã bị nhiễm virus hay bị lấy mật khẩu: báo trường kiểm tra và đổi mật khẩu hộp "
            "thư. Hệ thống không trả lời thư này.",
            automatic=True,
        )
    # A person's post that a list passed on (let through above) carries the list's unsubscribe footer.
    noise = _noise(mail, posted=automatic == _LIST_REASON)
    if noise:
        return Classification(False, None, None, noise)
    if _task_reminder(mail, config):
        return Classification(
            False,
            None,
            None,
            "Thư nhắc việc của hệ thống quản lý văn bản gửi cho đơn vị, không phải báo cáo của trường.",
            automatic=True,
        )
    system = from_a_system(mail, config)
    if _withdraws(mail, system) and not _body_reports(documents, config):
        said = _quoted(mail.own_body)
        reason = (
            f"Trường đề nghị hủy hoặc thu hồi thư đã gửi: «{said}». Cán bộ xem xét và loại thư gửi nhầm "
            "nếu cần."
        )
        if system:
            reason = (
                f"Hệ thống quản lý văn bản báo văn bản đã bị thu hồi: «{mail.subject}: {said}». Báo cáo đã nhận "
                "vẫn được tính cho đến khi cán bộ loại thư của văn bản bị thu hồi; cán bộ xem xét và loại thư nếu cần."
            )
        return replace(_for_staff(reason, automatic=system), withdraws=not system)
    letter = _letter_asking_extension(documents, failures) if _sends_files(mail) else None
    if letter or (not _sends_files(mail) and _asks_extension(mail)):
        said = _quoted(letter or mail.own_body)
        # Without --report, baocao extend extends the first report: name it when the office has several.
        step = (
            "(baocao extend MÃ_TRƯỜNG --report MÃ_BÁO_CÁO --until NGÀY --reason LÝ_DO)"
            if len(config.reports) > 1
            else "(baocao extend)"
        )
        return _for_staff(
            f"{ASKS_EXTENSION}{said}». Cán bộ xem xét: nếu đồng ý thì gia hạn cho trường "
            f"{step} và trường được nhắc theo hạn mới; nếu không, trường vẫn được nhắc theo hạn chung."
        )
    verdicts, contested = _one_report_per_paper(
        _verdicts(mail, documents, failures, config, received_at), received_at, config
    )
    chosen = _strongest(verdicts)
    # A document system's mail is never answered: no person reads its address. A person's mail passed on
    # by a forwarding rule ("Auto-Submitted: auto-forwarded") is its author's, answered as any.
    if chosen is None or chosen.strength == 0:
        return _no_report_named(mail, documents, failures, verdicts, config, received_at, system)
    if chosen.strength == _ONLY_THE_TOPIC:
        return _topic_for_staff(chosen, mail, received_at, config, system)
    draft = _said_draft(mail, chosen.documents)
    final = chosen.documents if draft is None else _final_versions(mail, chosen.documents)
    year = report_year(final or chosen.documents, mail, received_at, chosen.report, config)
    if contested:  # staff who assign the mail count it for the report the school owes, in its season
        claimants = [
            v
            for v in verdicts
            if v.report is not chosen.report and any(d is paper for paper in contested for d in v.documents)
        ]
        claimants = [chosen, *sorted(claimants, key=lambda v: (v.strength, v.hits), reverse=True)]
        senders = tuple(school for school in config.schools if mail.sender in school.emails)
        default = contested_default([v.report for v in claimants], senders, received_at, config)
        if default is not chosen.report:
            picked = next(v for v in claimants if v.report is default)
            year = report_year(picked.documents, mail, received_at, default, config)
        reason = _contested_reason(contested, verdicts, default)
        also = tuple(
            (v.report.id, report_year(v.documents, mail, received_at, v.report, config))
            for v in claimants
            if v.report is not default
        )
        return Classification(False, default.id, year, reason, True, automatic=system, also=also)
    resent = _forwarded_old_report(mail, final or chosen.documents, chosen.report, received_at, config)
    quoted = _quoted_old_report(mail, final or chosen.documents, chosen.report, received_at, config)
    if resent is not None or quoted is not None:
        if resent is not None:
            said = (
                f"Thư chuyển tiếp thư cũ «{mail.subject}»: báo cáo nằm trong hoặc đi kèm thư được chuyển tiếp "
                "và không ghi năm, ngày lập."
            )
        else:
            said = (
                f"Thư trả lời «{mail.subject}»: báo cáo chỉ nằm trong phần trích dẫn thư cũ của chính trường "
                f"(gửi năm {quoted}) và không ghi năm, ngày lập."
            )
        resent = resent or quoted
        reason = (
            f"{said} Có thể là báo cáo năm {resent} gửi lại, hoặc báo cáo năm nay gửi bằng thư cũ. Cán bộ xem "
            "xét: nếu là báo cáo năm nay thì gán thư cho trường (baocao assign); nếu là báo cáo năm "
            f"{resent} thì gán với --year {resent} hoặc loại thư."
        )
        return Classification(
            False,
            chosen.report.id,
            year,
            reason,
            True,
            automatic=system,
            documents=final or chosen.documents,
        )
    # The form with its blanks unfilled, sent as the report, is the school's mistake (unreadable); sent back
    # under the office's own mail forwarded, it is the office's mail, not a report sent.
    office = any(original in config.office_addresses for original in mail.forwarded_from)
    blank = _unnamed_form(final) if office or not chosen.problems else None
    if blank is not None:
        we = units.speaker_on(config, received_at)
        came = f"Trường chuyển lại thư của {we}. " if office else ""
        return Classification(
            False,
            chosen.report.id,
            year,
            f"{came}Văn bản {blank.name} chưa điền tên trường ở phần đầu («{blank.header.issuer}»): có thể "
            f"là tệp mẫu của {we} (số liệu trong đó, nếu có, là số liệu mẫu), không phải báo cáo của trường. "
            "Cán bộ xem xét; nếu đúng là báo cáo của trường thì gán thư cho trường (baocao assign).",
            True,
            automatic=system,
            documents=final,
            holds=not office,  # the office's own mail sent back: the school still owes its report
        )
    if _asks_about_the_form(mail, chosen):
        return Classification(
            False,
            None,
            None,
            f"Trường hỏi về mẫu báo cáo {chosen.report.short}, gửi kèm mẫu chưa điền: «{_quoted(mail.own_body)}».",
            automatic=system,
            question=Question(chosen.report.id, _quoted(mail.own_body)),
        )
    ahead = season_ahead(final or chosen.documents, mail, received_at, chosen.report, config)
    if ahead is not None:
        return _season_ahead_for_staff(chosen, ahead, final or chosen.documents, system)
    period = _several_years(final, chosen.report)
    if period is not None:
        return Classification(
            False,
            chosen.report.id,
            year,
            f"Văn bản là báo cáo của nhiều năm: «{period}», không phải báo cáo hằng năm «{chosen.report.title}». "
            "Cán bộ xem xét; nếu tính là báo cáo năm nay của trường thì gán thư cho trường (baocao assign).",
            True,
            automatic=system,
            documents=final,
            holds=False,
        )
    part = _part_of_year(final, chosen.report)
    if part is not None:
        return Classification(
            False,
            chosen.report.id,
            year,
            f"Văn bản là báo cáo một phần của năm: «{part}», không phải «{chosen.report.title}». Cán bộ "
            "xem xét; nếu tính là báo cáo của trường thì gán thư cho trường (baocao assign).",
            True,
            automatic=system,
            documents=final,
            holds=False,
        )
    if draft is not None and not final:
        return Classification(
            False,
            chosen.report.id,
            year,
            f"Trường ghi đây là bản nháp, chưa phải báo cáo chính thức: «{draft}». Cán bộ xem xét; nếu tính là "
            "báo cáo của trường thì gán thư cho trường (baocao assign).",
            True,
            automatic=system,
            documents=chosen.documents,
        )
    # Beside the report it carries, the mail may carry another plan's report, or name another plan (in
    # its subject or a file's name) whose file could not be read: the school is told of that one too.
    more = tuple(
        Classification(
            True,
            v.report.id,
            report_year(v.documents, mail, received_at, v.report, config),
            v.reason,
            automatic=system,
            problems=v.problems,
            documents=v.documents,
        )
        for v in verdicts
        if v is not chosen
        and (v.strength == _IS_THE_REPORT or (chosen.strength == _IS_THE_REPORT and v.problems))
    )
    # ... or a paper on another plan's topic that does not name that plan (a term's summary beside the
    # health report): staff say whether it is that plan's report, as when it comes alone.
    beside = tuple(
        _topic_for_staff(v, mail, received_at, config, system)
        for v in verdicts
        if chosen.strength == _IS_THE_REPORT and v.strength == _ONLY_THE_TOPIC
    )
    # ... or say it sends another plan's report too, with no paper of it: that file was left out.
    left_out = tuple(
        Classification(
            True,
            v.report.id,
            report_year((), mail, received_at, v.report, config),
            f"Thư ghi gửi báo cáo {v.report.short}: {v.report.title}.",
            automatic=system,
            problems=(_left_out_beside(v.report),),
        )
        for v in _sent_without_paper(mail, verdicts, received_at, config)
        if chosen.strength == _IS_THE_REPORT
    )
    return Classification(
        True,
        chosen.report.id,
        year,
        chosen.reason,
        automatic=system,
        problems=chosen.problems,
        documents=final,
        drafts=tuple(d for d in chosen.documents if d not in final),
        supplement=chosen.supplement,
        by_text_alone=chosen.by_text_alone,
        more=(*more, *beside, *left_out),
    )


def _season_ahead_for_staff(
    chosen: _Verdict, ahead: SeasonAhead, documents: tuple[Document, ...], system: bool
) -> Classification:
    """A report that says it is for a season later than the running one (years.season_ahead): it waits
    for staff in the running season, which it neither settles nor makes late, so the school is still
    reminded of the report it owes."""
    later, running = ahead.year, ahead.running
    return Classification(
        False,
        chosen.report.id,
        running,
        f"Báo cáo ghi là báo cáo năm {later} ({', '.join(ahead.places)} ghi năm {later}), trong khi đang thu "
        f"báo cáo năm {running}: có thể trường gửi sớm báo cáo năm {later}, hoặc ghi nhầm năm của báo cáo năm "
        f"{running}. Báo cáo chưa được tính cho năm nào. Cán bộ xem xét: nếu là báo cáo năm {running} thì gán "
        f"thư cho trường (baocao assign); nếu là báo cáo năm {later} thì loại thư (baocao reject) và đề nghị "
        f"trường gửi lại khi đến kỳ báo cáo năm {later}.",
        True,
        automatic=system,
        documents=documents,
        holds=False,
    )


def _sent_without_paper(
    mail: Mail, verdicts: Sequence[_Verdict], received_at: dt.datetime, config: Config
) -> list[_Verdict]:
    """The plans the school's words say the mail sends (_says_it_sends) of which it carries no paper. Of a
    plan due twice a year (two reports with the same keywords), none when one of the two is carried, else
    the one whose deadline is nearest the receipt."""
    twins: dict[frozenset[str], list[_Verdict]] = {}
    for verdict in verdicts:
        twins.setdefault(_folded_set(Keywords(verdict.report.keywords)), []).append(verdict)
    left = []
    for group in twins.values():
        if any(v.strength for v in group) or not _says_it_sends(mail, Keywords(group[0].report.keywords)):
            continue
        nearest = _nearest_at(group, received_at, config)
        left += [v for v in group if v.report.id == nearest]
    return left


def _says_it_sends(mail: Mail, keywords: Keywords) -> bool:
    """The school's own words say the mail sends the report: a subject of its own (not a thread's, not
    another kind of paper's) naming it, or a sentence of its short note sending it now. A forward's subject
    is its own when it passes on a mail just written (_forwards_fresh_mail): the clerk forwarding the
    principal's «BC YTTH; BC NQ121» with its files says what the principal said."""
    subject = fold(mail.subject)
    threaded = REPLY_SUBJECT.match(subject) or (
        FORWARD_SUBJECT.match(subject) and not _forwards_fresh_mail(mail)
    )
    own_subject = not threaded and not _OTHER_KIND_SUBJECT.match(subject)
    return (own_subject and bool(keywords.naming.count(mail.subject))) or _note_sends_it(mail, keywords)


def _forwards_fresh_mail(mail: Mail) -> bool:
    """The mail forwards one sent at most _FRESH_FORWARD before its own Date, or one that quotes no date:
    not an old mail forwarded to carry a new report, whose subject is its own season's."""
    if mail.date is None:
        return forwarded.date_line(mail) is None
    sent = forwarded.forwarded_sent(mail, mail.date.tzinfo or dt.UTC)
    return sent is None or mail.date - sent <= _FRESH_FORWARD


def _left_out_beside(report: ReportConfig) -> str:
    """What the school is told of a report its mail says it sends, beside another plan's report."""
    return (
        f"Thư ghi gửi báo cáo {report.short} ({report.title}) nhưng không kèm tệp của báo cáo này: các "
        f"tệp đính kèm là báo cáo khác. Đề nghị trường gửi thư có đính kèm tệp báo cáo {report.short} "
        "(DOCX hoặc PDF)."
    )


def _topic_for_staff(
    verdict: _Verdict, mail: Mail, received_at: dt.datetime, config: Config, system: bool
) -> Classification:
    """A paper about a report's topic that never names the report (_ONLY_THE_TOPIC): for staff."""
    return Classification(
        False,
        verdict.report.id,
        report_year(verdict.documents, mail, received_at, verdict.report, config),
        verdict.reason,
        True,
        automatic=system,
        documents=verdict.documents,
        # A term's summary does not hold reminders, nor a paper mailed between seasons (a June report
        # of the Month of Action for Children): staff may not read it before the season's reminders.
        holds=_part_of_year(verdict.documents, verdict.report) is None
        and running_season(verdict.report, received_at, config) is not None,
    )


def _no_report_named(
    mail: Mail,
    documents: Sequence[Document],
    failures: Sequence[Failure],
    verdicts: Sequence[_Verdict],
    config: Config,
    received_at: dt.datetime,
    system: bool,
) -> Classification:
    """A mail none of whose papers is a configured report: a note a person should read (a request for
    access, the report sent as a link or another way, a correction, sealed content, an answer to our
    mail), or no report at all, and why."""
    if _asks_access(mail):
        said = _quoted(f"{mail.subject}: {mail.own_body}")
        return _for_staff(
            f"Thư xin quyền truy cập một tệp được chia sẻ (không phải báo cáo): «{said}». Cán bộ xem và cấp "
            "quyền nếu cần."
        )
    linked = _sent_by_link(mail, config, received_at)
    if linked is not None:
        return replace(linked, automatic=system)
    elsewhere = _sent_elsewhere(mail, config)
    if elsewhere:
        return _for_staff(
            f"Thư không kèm tệp, trường báo đã gửi báo cáo bằng cách khác: «{elsewhere}». Cán bộ kiểm tra; "
            "nếu Văn thư đã nhận bản giấy thì ghi nhận (baocao paper), nếu không thì đề nghị trường gửi tệp "
            "báo cáo qua thư điện tử.",
            automatic=system,
        )
    correction = _correction(mail, config)
    if correction is not None:
        report_id, corrected = correction
        note = _for_staff(
            f"{CORRECTION_NOTE}: «{corrected}». Cán bộ sửa số liệu khi "
            "tổng hợp, hoặc đề nghị trường gửi lại báo cáo đã sửa.",
            automatic=system,
        )
        # The season it names, if any, without the report: a correction holds no school's reminders.
        return replace(note, year=_corrected_season(corrected, config.report(report_id), received_at, config))
    sealed = _sealed(mail)
    if sealed:
        return _for_staff(
            f"{sealed}: hệ thống không đọc được nội dung để biết có phải báo cáo không. Cán bộ xem thư; nếu "
            "là báo cáo, đề nghị trường gửi lại thư thường có đính kèm tệp.",
            automatic=system,
        )
    said = _quoted(mail.own_body)
    brief = [v for v in verdicts if _typed_too_briefly(mail, v.report)]
    if brief and _claims_sent(mail, config, received_at) is None:
        # Meant as the report, whatever it lacks: staff decide, and it holds the school's reminders meanwhile.
        report = max(brief, key=lambda v: v.hits).report
        body = [d for d in documents if d.name == BODY_NAME]
        return Classification(
            False,
            report.id,
            report_year(body, mail, received_at, report, config),
            f"Báo cáo {report.short} gõ trong nội dung thư quá ngắn để tính là báo cáo (thiếu các phần hay "
            f"số liệu chính): «{said}». Cán bộ xem xét; nếu tính là báo cáo của trường thì gán thư cho trường "
            "(baocao assign), nếu không thì đề nghị trường gửi tệp báo cáo đầy đủ (DOCX hoặc PDF).",
            True,
            automatic=system,
            documents=tuple(body),
        )
    we = units.speaker_on(config, received_at)
    if mailids.mentions_ours(mail.thread, config.own_domain):
        if _courtesy(mail):
            return Classification(
                False,
                None,
                None,
                f"Trường trả lời thư của {we} chỉ để cảm ơn hoặc báo đã nhận: «{said}». Không cần xử lý.",
                automatic=system,
            )
        # A word that the report was sent already is nothing to look at once the report is on record:
        # the pipeline, which knows the records, sets it aside then.
        return replace(
            _for_staff(
                f"Trường trả lời thư của {we} (nhắc nộp hoặc xác nhận){_their_words(mail, said)}.{_asked(mail)}"
            ),
            claim=_claims_sent(mail, config, received_at),
        )
    office = config.office_addresses
    # Passed on to the principal or a teacher with the office only copied, it asks the office nothing.
    if any(original in office for original in mail.forwarded_from) and not _written_to_others(mail, office):
        return _for_staff(
            f"Trường chuyển lại thư của {we} (nhắc nộp hoặc xác nhận){_their_words(mail, said)}.{_asked(mail)}"
        )
    attached = [d for d in documents if d.name != BODY_NAME]
    blurred = _hard_to_read(attached)
    # A scan or photo in which OCR found no text at all: as blurred, or a blank sheet; a person tells which.
    blank = [f for f in failures if f.code == FailureCode.EMPTY and _SCAN_NAME.search(f.name)]
    if (blurred or blank) and not any(_activity_photos(mail, attached, failures, v.report) for v in verdicts):
        named = ", ".join(
            [
                *(f"{d.name} (độ tin cậy nhận dạng chữ {d.ocr_confidence or 0:.0f}%)" for d in blurred),
                *(f"{f.name} (không nhận dạng được chữ nào)" for f in blank),
            ]
        )
        return _for_staff(
            f"Bản quét khó đọc, cần xem bằng mắt: {named}. Hệ thống không nhận dạng được chữ để biết đó có phải "
            "báo cáo không và của trường nào. Cán bộ xem tệp; nếu là báo cáo thì gán thư cho trường (baocao "
            "assign), nếu không đọc được thì đề nghị trường quét hoặc chụp lại rõ hơn.",
            automatic=system,
        )
    unopened = _unopened(attached, failures)
    if (
        unopened
        and not _names_what_it_sends(mail)
        and not any(_activity_photos(mail, attached, failures, v.report) for v in verdicts)
    ):
        return _for_staff(
            f"Không mở được tệp đính kèm để biết thư có phải báo cáo không: {' '.join(unopened)} Cán bộ xem "
            "thư; nếu là báo cáo thì gán thư cho trường (baocao assign) và đề nghị trường gửi lại tệp đọc được.",
            automatic=system,
        )
    site = next((d for d in documents if of_a_site(d)), None)
    if site is not None and not system and any(v.hits for v in verdicts):
        return _for_staff(
            f"Văn bản {site.name} là báo cáo riêng của một điểm trường, phân hiệu, cơ sở («{site_written(site)}»), "
            "không phải báo cáo của cả trường. Cán bộ xem: nếu trường chỉ gửi báo cáo này thì gán thư cho "
            "trường (baocao assign); nếu không, loại thư (baocao reject) và chờ báo cáo của trường."
        )
    if mail.parts_left_out and not system:
        return _for_staff(
            "Thư có quá nhiều phần hoặc các phần lồng nhau quá sâu, hệ thống bỏ qua một số phần nên có thể "
            "chưa đọc tệp báo cáo trong đó. Cán bộ mở thư gốc để xem; nếu là báo cáo thì gán thư cho trường "
            "(baocao assign) hoặc đề nghị trường gửi lại thư chỉ đính kèm tệp báo cáo."
        )
    claim = None if system else _claims_sent(mail, config, received_at)
    # A word that the report was sent, asking or not, is a claim: a report on record answers it.
    about = [v for v in verdicts if v.hits]
    asks = bool(about) and claim is None and not system and _asks_office(mail)
    return Classification(
        False,
        None,
        None,
        _not_a_report(mail, documents, failures, verdicts),
        automatic=system,
        claim=claim,
        question=Question(max(about, key=lambda v: v.hits).report.id, said) if asks else None,
    )


def _typed_too_briefly(mail: Mail, report: ReportConfig) -> bool:
    """The sender typed some of the report into the mail, meaning it as the report, too little of it to
    be one (_body_is_report): a part written under its heading or a key figure, with nothing attached and
    no link, under words that send it (a subject or a note naming it, _says_it_sends) or report it by name
    ("Trường … báo cáo kết quả thực hiện Nghị quyết 121 như sau:"). A mail asking about the report ("Hỏi
    về báo cáo NQ121", "1. Kết quả thực hiện: có cần ghi …?") sends nothing, nor does a sentence promising
    it ("em sẽ gửi báo cáo NQ121 chiều nay ạ")."""
    if _sends_files(mail) or _links(mail) or _asks_only(mail):
        return False
    body = mail.own_body
    keywords = Keywords(report.keywords)
    meant = _says_it_sends(mail, keywords) or any(
        keywords.naming.count(sentence)
        and _SAYS_REPORT.search(fold(sentence))
        # "như sau" (as follows) opens what the sentence reports, it puts off nothing
        and not _NOT_SENT_NOW.search(sentence.lower().replace("như sau", ""))
        for sentence in _NOTESENTENCE_END.split(body)
    )
    if not meant:
        return False
    if not report.sections and not report.figures:
        # A report whose parts and figures the config does not list is known by what it counts.
        return _counts_typed(body) >= _BODY_REPORT_FIGURES
    # Of a report whose figures the config does not list, a count typed with what it counts ("tổ chức 4
    # buổi tuyên truyền") is its key figure.
    stated = find_figures(body, report.figures) if report.figures else _counts_typed(body)
    return bool(_typed_sections(body, report) or stated)


# A count typed with what it counts («4 buổi», «, 120 trẻ»); not a document's number («121/2020/QH14»).
_COUNTED = re.compile(r"(?<![\w/.,])(\d{1,6})\s+(?=[^\W\d_])")


def _counts_typed(text: str) -> int:
    """How many counts text types («tổ chức 4 buổi tuyên truyền, 120 trẻ»): not a year («năm 2026»), nor a
    school's number after its name («MN Hoa Ban 2 báo cáo», «TH số 2 gửi»)."""
    counted = 0
    for found in _COUNTED.finditer(text):
        before = text[: found.start()].split()
        last = before[-1] if before else ""
        named = last[:1].isupper() or fold(last) == "so"
        counted += not named and not FIRST_YEAR <= int(found.group(1)) <= LAST_YEAR
    return counted


# Why a file could not be opened that leaves what it says unknown: it may be the report itself, as may a paper
# in a form that cannot be read (a printed XPS, a shortcut to the report). A file of a kind no report is sent
# as (a video, a slide deck), or one with no text, says what it is.
_UNOPENED = frozenset(
    (
        FailureCode.CORRUPT,
        FailureCode.ENCRYPTED,
        FailureCode.TOO_LARGE,
        FailureCode.TIMEOUT,
        FailureCode.FORMAT,
    )
)


# A kind of paper other than a report, named in a subject («Lịch công tác tháng 10», «Danh sách học sinh
# giỏi», «TH Mỹ An gửi Kế hoạch NQ121»), folded; not «Lịch sử», nor «Nghị quyết», the report's own keyword.
_NAMED_KIND = re.compile(
    rf"\b(?:{'|'.join(k for k in KINDS if k not in (_KIND_REPORT, 'nghi quyet'))}|kh|lich(?! su))\b"
)


def _names_what_it_sends(mail: Mail) -> bool:
    """Whether the mail's words say it sends a paper other than a report: then a file of it that cannot be
    opened is that paper. A subject that names a report, or nothing («Gửi phòng»), does not."""
    return _named_kind(mail.subject) or bool(_names_another_paper(mail))


def _unopened(attached: Sequence[Document], failures: Sequence[Failure]) -> list[str]:
    """Why each file that could not be opened was not, when no paper read beside it says what the mail
    is (a paper of another kind: a letter, a plan), nor the file's own name («Lich tuan.docx»)."""
    if any(_other_paper(d) for d in attached):
        return []
    return list(dict.fromkeys(f.reason for f in failures if f.code in _UNOPENED and not _named_kind(f.name)))


def _named_kind(name: str) -> bool:
    """Whether a subject or a file's name names a kind of paper other than a report, and no report
    («Lịch công tác tháng 10», «Lich tuan.docx», «KH_NQ121.pdf»)."""
    words = fold(re.sub(r"[_+.-]+", " ", name))
    return not _SAYS_REPORT.search(words) and bool(_NAMED_KIND.search(words))


# A scan read this poorly (below MIN_OCR_CONFIDENCE) into a page's worth of words, however garbled, is
# out of focus or shaken: nothing in it names a report or a school, but a person may read what OCR cannot.
# A logo, a stamp or a banner on an activity photo gives a few words.
_SCAN_WORDS = 40


def _hard_to_read(documents: Sequence[Document]) -> list[Document]:
    """The scans among documents that OCR read too poorly to say what they are (see _SCAN_WORDS)."""
    return [
        d
        for d in documents
        if d.method in ("ocr", "mixed")
        and d.ocr_confidence is not None
        and d.ocr_confidence < MIN_OCR_CONFIDENCE
        and len(d.text.split()) >= _SCAN_WORDS
    ]


def _quoted(text: str, limit: int = _QUOTED_CHARS) -> str:
    """The sender's words as a reason quotes them: on one line, cut at a word boundary to at most limit
    characters, with "…" where something was cut."""
    said = " ".join(text.split())
    if len(said) <= limit:
        return said
    cut = said[: limit - 1]  # room for the "…"
    if said[limit - 1] != " " and " " in cut:  # a word cut short is left out
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–") + "…"


def _their_words(mail: Mail, said: str) -> str:
    """The school's own words about the office's mail it answers or sends back, quoted; or that it wrote
    none (an empty quote tells staff nothing)."""
    if said:
        return f": «{said}»"
    return ", không ghi thêm lời nào" + ("" if mail.attachments else " và không kèm tệp nào")


def _asked(mail: Mail) -> str:
    """The words ending the reason of an answer to our mail that asks the office something, sending nothing
    (_asks_office): a report the school sends later answers no question (kernel.store.ReviewRow.asks). A
    word that the report was sent ("đã gửi 20/10 rồi ạ") asks nothing: a later report settles it. Empty
    when the mail asks nothing."""
    return f" {ASKS_OFFICE}" if _asks_office(mail) else ""


def _asks_office(mail: Mail) -> bool:
    """Whether the sender's own words ask the office something ("Dạ cho em hỏi trường có cần nộp thêm bản
    giấy không ạ?"), the mail sending nothing (no file, no link). The subject is not read: a reply's is the
    office's own mail's, and a new mail's («Hỏi về báo cáo NQ121») names what the text asks."""
    if _sends_files(mail) or _links(mail):
        return False
    return bool(re.search(_ASKS, _ANY_LINK.sub(" ", mail.own_body).lower()))


def _asks_about_the_form(mail: Mail, verdict: _Verdict) -> bool:
    """Whether the mail asks about the report's form it attaches ("Hỏi về mẫu báo cáo NQ121": "mẫu này trường
    mầm non có phải điền mục số vụ xâm hại không ạ?"): every paper of the report it carries is the form
    unfilled (_only_the_form), its subject asks and its words send nothing (_asks_only) but ask the office
    something. A question for staff, as without the form; not the form sent by mistake as the report."""
    return (
        bool(verdict.problems and verdict.documents)
        and all(_only_the_form(d, verdict.report) for d in verdict.documents)
        and _asks_only(mail)
        and bool(re.search(_ASKS, _ANY_LINK.sub(" ", mail.own_body).lower()))
    )


def _courtesy(mail: Mail) -> bool:
    """Whether a short answer to our mail, with nothing attached and no link, only thanks the office or
    says it got our mail ("Dạ em cảm ơn Phòng ạ", "Dạ vâng ạ, trường đã nhận được"): nothing in it for
    staff, whereas it waited in review all season, marking its school as having mail waiting. Any word of
    sending, asking, a mistake, a change or a promise (`_MORE_THAN_COURTESY`) is for staff."""
    if _sends_files(mail) or _links(mail):
        return False
    text = fold(mail.own_body)
    return (
        len(text.split()) <= _COURTESY_WORDS
        and bool(_COURTESY.search(text))
        and not _MORE_THAN_COURTESY.search(text)
    )


def _claims_sent(mail: Mail, config: Config, received_at: dt.datetime) -> Claim | None:
    """The school's word, in mail with nothing attached and no link, that it sent a configured report
    before ("trường em đã nộp báo cáo NQ121 hôm 20/10 ạ", "báo cáo NQ121 em đã gửi hôm qua"), or sent it on
    a day before today, the mail's local day of receipt ("Báo cáo NQ121 trường em gửi Phòng hôm 20/10 ạ"
    on the 22nd: `_sent_earlier`), or, in a reply, that it sent it already ("Dạ trường em đã gửi rồi ạ"
    under "Re: [Nhắc] Báo cáo NQ121"), the report named in the sentence or the subject; None when it says
    nothing of the kind."""
    today = received_at.astimezone(config.district.timezone).date()
    reply = bool(REPLY_SUBJECT.match(fold(mail.subject)))

    def says(sentence: str) -> bool:
        lower = " ".join(sentence.lower().split())
        return bool(
            _SENT_BEFORE.search(lower)
            or _sent_earlier(sentence, today)
            or (reply and (_SENT_ALREADY.search(lower) or _SENT_DONE.search(lower)))
        )

    said = _note_saying(mail, config, says)
    return Claim(*said) if said is not None else None


def _with_carried(
    base: Classification,
    strengths: tuple[int, ...],
    mail: Mail,
    documents: Sequence[Document],
    failures: Sequence[Failure],
    config: Config,
    received_at: dt.datetime,
) -> Classification:
    """base with the report the mail carries, for staff to place as that report (its plan, season and
    papers): when the strongest verdict on the mail is of one of strengths and holds papers."""
    carried = _strongest(_verdicts(mail, documents, failures, config, received_at))
    if carried is None or carried.strength not in strengths or not carried.documents:
        return base
    year = report_year(carried.documents, mail, received_at, carried.report, config)
    return replace(base, report_id=carried.report.id, year=year, documents=carried.documents)


def _for_staff(reason: str, *, automatic: bool = False) -> Classification:
    """No report, but mail staff should read (a request, a note about a report, sealed content)."""
    return Classification(False, None, None, reason, True, automatic=automatic)


def _one_report_per_paper(
    verdicts: Sequence[_Verdict], received_at: dt.datetime, config: Config
) -> tuple[list[_Verdict], list[Document]]:
    """Each paper is the report of one plan: a paper two reports claim goes to the one its title names,
    else to the one its text names in more sentences (a health report that touches child protection
    twice); a paper whose title names both, or whose text names both as often, is contested, unless the
    reports share their keywords (one plan due twice a year) and one deadline is nearer (_nearest).

    Returns the verdicts with the papers they lost taken away (a verdict left with none is no claim),
    and the contested papers, which only staff can place."""
    claims: dict[int, list[_Verdict]] = {}
    papers: dict[int, Document] = {}
    for verdict in verdicts:
        if verdict.strength in (_IS_THE_REPORT, _ONLY_THE_TOPIC):
            for document in verdict.documents:
                claims.setdefault(id(document), []).append(verdict)
                papers[id(document)] = document
    lost: dict[str, set[int]] = {}
    contested: list[Document] = []
    for paper_id, claimants in claims.items():
        if len(claimants) < 2:
            continue
        paper = papers[paper_id]
        # Of one plan due twice a year, the report of another part of the year than the paper's title
        # names is no claimant, whatever else claims the paper (a year-end report is no term's summary).
        for verdict in _out_of_period(claimants, paper):
            lost.setdefault(verdict.report.id, set()).add(paper_id)
            claimants = [v for v in claimants if v is not verdict]
        if len(claimants) < 2:
            continue
        title = paper.header.title or ""
        scores = {
            v.report.id: (Keywords(v.report.keywords).count(title) > 0, _sentences(paper, v.report))
            for v in claimants
        }
        best = max(scores.values())
        winners = [report_id for report_id, score in scores.items() if score == best]
        if len(winners) > 1 or sum(named for named, _ in scores.values()) > 1:
            nearest = _nearest(claimants, paper, received_at, config)
            if nearest is None:
                contested.append(paper)
                continue
            winners = [nearest]
        for report_id in scores:
            if report_id not in winners:
                lost.setdefault(report_id, set()).add(paper_id)
    kept = []
    for verdict in verdicts:
        gone = lost.get(verdict.report.id, set())
        left = tuple(d for d in verdict.documents if id(d) not in gone)
        if not gone:
            kept.append(verdict)
        elif left:
            kept.append(replace(verdict, documents=left))
        else:
            kept.append(_Verdict(verdict.report, 0, verdict.hits, "", ()))
    return kept, contested


def _nearest(
    claimants: Sequence[_Verdict], paper: Document, received_at: dt.datetime, config: Config
) -> str | None:
    """Of reports with the same keywords (a plan due twice a year, configured as two reports), the one
    whose deadline is nearest the paper's date, else its receipt, as a season is chosen; None when the
    reports differ or two deadlines are as near. A paper whose title tells a term's summary from the
    year's report goes to the report of its kind first (_of_its_period), whatever its date."""
    if len({_folded_set(Keywords(v.report.keywords)) for v in claimants}) > 1:
        return None
    claimants = _of_its_period(claimants, paper)
    if len(claimants) == 1:
        return claimants[0].report.id
    moment = local(paper.header.date, NOON, config) if paper.header.date else received_at
    return _nearest_at(claimants, moment, config)


def _nearest_at(claimants: Sequence[_Verdict], moment: dt.datetime, config: Config) -> str | None:
    """The report whose deadline is nearest moment, as a season is chosen; None when two are as near."""
    tz = config.district.timezone
    gaps = sorted(
        (abs(deadline_of(v.report, season_of(v.report, moment, config), tz) - moment), v.report.id)
        for v in claimants
    )
    return gaps[0][1] if len(gaps) == 1 or gaps[0][0] < gaps[1][0] else None


def _out_of_period(claimants: Sequence[_Verdict], paper: Document) -> list[_Verdict]:
    """Of each group of claimants with the same keywords, those not of the paper's part of the year
    (_of_its_period)."""
    groups: dict[frozenset[str], list[_Verdict]] = {}
    for verdict in claimants:
        groups.setdefault(_folded_set(Keywords(verdict.report.keywords)), []).append(verdict)
    out = []
    for group in groups.values():
        fitting = _of_its_period(group, paper) if len(group) > 1 else group
        out += [v for v in group if not any(v is f for f in fitting)]
    return out


def _of_its_period(claimants: Sequence[_Verdict], paper: Document) -> Sequence[_Verdict]:
    """Of reports with the same keywords, those whose title names the part of the year the paper's title
    names (_period: "sơ kết học kỳ I"), or names none when the paper's names none: a term's summary sent
    early is not the year's report late, nor is the year's report sent late next term's summary. All of
    them when the paper has no title or no report is of its kind."""
    title = paper.header.title
    if not title:
        return claimants
    period = _period(fold(title))
    fitting = [v for v in claimants if _period(fold(v.report.title)) == period]
    return fitting or claimants


def _period(title: str) -> str | None:
    """The part of the year a folded title names (_PART_OF_YEAR), one way however written ("hoc ky 1" for
    "học kỳ I", "6 thang" for "06 tháng", "sáu tháng"), or None: "sơ kết 6 tháng đầu năm" is not the
    first term's summary."""
    found = _PART_OF_YEAR.search(title)
    if found is None:
        return None
    return " ".join(_PERIOD_WORDS.get(word, word) for word in found.group(0).split())


def _sentences(document: Document, report: ReportConfig) -> int:
    return Keywords(report.keywords).sentences(document.text)


def _contested_reason(
    contested: Sequence[Document], verdicts: Sequence[_Verdict], assigned: ReportConfig
) -> str:
    """Why staff must say which report a paper is: it is about several of the reports collected."""
    paper = contested[0]
    claimed = [v.report for v in verdicts if any(d is paper for d in v.documents)]
    title = f" (trích yếu: {paper.header.title})" if paper.header.title else ""
    reports = "; ".join(f"{r.id}: {r.title}" for r in claimed)
    return (
        f"Văn bản {paper.name}{title} nói về nhiều báo cáo đang thu ({reports}), không rõ tính cho báo cáo "
        f"nào. Mỗi văn bản chỉ được tính cho một báo cáo. Cán bộ xem xét: khi gán thư cho trường, văn bản "
        f"được tính là báo cáo {assigned.id}, hoặc là báo cáo cán bộ chọn (baocao assign MÃ_THƯ MÃ_TRƯỜNG "
        "--report MÃ_BÁO_CÁO); nếu không, đề nghị trường gửi riêng từng báo cáo."
    )


def _verdicts(
    mail: Mail,
    documents: Sequence[Document],
    failures: Sequence[Failure],
    config: Config,
    received_at: dt.datetime,
) -> list[_Verdict]:
    """How much the message looks like each configured report, with the documents that are it. A report
    configured with the same keywords (one plan due twice a year) is no other report to it: its keywords
    in a title name this one too (_one_report_per_paper says which of the two the paper is).

    A paper one report counts, or claims by its topic, is no unreadable copy of another report the mail
    names: an untitled health report in a reply «Re: Báo cáo NQ121» is the health report, not a blank
    NQ121 report the school must send again."""
    keywords = {report.id: Keywords(report.keywords) for report in config.reports}
    today = received_at.astimezone(config.district.timezone).date()

    def judge(report: ReportConfig, claimed: tuple[Document, ...] = ()) -> _Verdict:
        others = [k for k in keywords.values() if _folded_set(k) != _folded_set(keywords[report.id])]
        return _verdict(mail, documents, failures, report, others, today, claimed)

    verdicts = [judge(report) for report in config.reports]
    carrying = (_IS_THE_REPORT, _ONLY_THE_TOPIC)
    claimed = tuple(d for v in verdicts if v.strength in carrying for d in v.documents)
    if not claimed:
        return verdicts
    return [v if v.strength in carrying or not v.problems else judge(v.report, claimed) for v in verdicts]


def _folded_set(keywords: Keywords) -> frozenset[str]:
    return frozenset(fold(k) for k in keywords.keywords)


def contested_default(
    reports: Sequence[ReportConfig], schools: Sequence[SchoolConfig], at: dt.datetime, config: Config
) -> ReportConfig:
    """Of the reports a paper on several plans may be (strongest first), the one it counts for when staff
    assign its mail naming none: one a school of schools owes by its level (any, when no school is
    known), of those one whose season runs at at, the mail's receipt; else the strongest. An October
    paper on child abuse and drowning from a preschool is the NQ121 report: preschools owe no drowning
    report, and its season closed in June."""
    owed = [r for r in reports if not schools or any(r.owed_by(s) for s in schools)] or list(reports)
    running = [r for r in owed if running_season(r, at, config) is not None]
    return (running or owed)[0]


def _strongest(verdicts: Sequence[_Verdict]) -> _Verdict | None:
    return max(verdicts, key=lambda v: (v.strength, v.hits), default=None)


def office_sender(mail: Mail, config: Config) -> str:
    """Who of the office sent internal mail, for staff: "Thư của cán bộ UBND xã … (gửi từ …)"."""
    unit = config.unit_of_address(mail.sender)
    who = f"cán bộ {unit.name}" if unit is not None else f"chính {units.speaker(config, None)}"
    return f"Thư của {who} (gửi từ {mail.sender})"


def is_internal(mail: Mail, office: frozenset[str]) -> bool:
    """Sent from one of the office's own addresses, and not a forward of someone else's mail to the office;
    a forward written to others (the Sở, a school, a clerk's own mailbox) is the office's outgoing mail
    whoever wrote what it passes on, of which the mailbox keeps a copy (a sent folder, a Bcc, the office's
    own address in Cc)."""
    if mail.sender not in office:
        return False
    return _written_to_others(mail, office) or not any(
        original not in office for original in mail.forwarded_from
    )


def _written_to_others(mail: Mail, office: frozenset[str]) -> bool:
    """The mail's To names people and none of them the office: the office has it as a copy (Cc, Bcc, a
    sent folder), for its information, not as mail written to it."""
    return bool(mail.addressed) and not mail.addressed & office


def automatic_reason(mail: Mail, own_domain: str) -> str | None:
    """Why no person wrote this mail (a bounce, an auto-reply, a robot, our own mail), or None.

    Automatic mail is never a report and is never answered. "Auto-Submitted: auto-forwarded" is a
    person's mail passed on by a rule: it may be a report, answered as its author's mail.
    """
    subject = fold(mail.subject)
    content_type = (mail.header("content-type") or "").lower()
    if "disposition-notification" in content_type or _READ_RECEIPT_SUBJECT.match(subject):
        return "Thư báo đã đọc (xác nhận đọc thư do máy gửi), không phải báo cáo."
    if is_bounce(mail, own_domain):
        return BOUNCE_REASON
    if mailids.is_ours(mail.message_id, own_domain):
        return "Thư do chính baocao gửi đi, không phải báo cáo."
    auto = _auto_submitted(mail)
    precedence = (mail.header("precedence") or "").strip().lower()
    # A system's own notice ("auto-generated", RFC 3834) may carry a school's paper: see from_a_system.
    generated = auto == "auto-generated" and _carries_a_paper(mail)
    if (
        (auto not in ("no", "auto-forwarded") and not generated)
        or mail.header("x-autoreply")
        or mail.header("x-autorespond")
    ):
        return _AUTO_REPLY_REASON
    if precedence == "auto_reply" or _AUTO_SUBJECT.search(subject) or _out_of_office(mail):
        return "Thư trả lời tự động (vắng mặt, nghỉ phép), không phải báo cáo."
    if is_robot_address(mail.sender) and not _carries_a_paper(mail):
        return f"Thư gửi tự động từ {mail.sender}, không phải báo cáo."
    if mail.header("list-unsubscribe") or mail.header("list-id") or precedence in ("bulk", "list", "junk"):
        return _LIST_REASON
    return None


def _out_of_office(mail: Mail) -> bool:
    """An out-of-office note some servers send with no Auto-Submitted field, told by its words: a reply
    carrying nothing whose own text opens by saying its writer is away ("Tôi đang nghỉ phép …", "Cảm ơn Quý
    thầy cô đã gửi thư. Tôi đang đi tập huấn …, sẽ trả lời thư khi trở về", "I am out of the office …") and
    tells of no sending of theirs ("… em Lan sẽ gửi báo cáo sau") nor asks anything (_asked): a person away
    who writes a question is answered by staff."""
    if not REPLY_SUBJECT.match(fold(mail.subject)) or _sends_files(mail):
        return False
    own = " ".join(fold(mail.own_body).split())
    away = _AWAY.match(own)
    return away is not None and not _OWN_SENDING.search(own, away.end()) and not _asked(mail)


def is_robot_address(address: str) -> bool:
    """An address no person reads (a service's that takes no replies, a mail server's own): never a
    school's."""
    return no_reply(address) or address.partition("@")[0].lower().startswith(_ROBOT_SENDERS)


def from_a_system(mail: Mail, config: Config) -> bool:
    """Mail a document system (VNPT-iOffice, Viettel VOffice, a province's QLVB) sent for a unit: from an
    address no person reads or marked "Auto-Submitted: auto-generated", or a notice listing a paper's
    fields (Số ký hiệu, Trích yếu, Người ký …), that carries a paper, a link to one, or word of one
    recalled ("thu hồi văn bản"). Schools send their reports this way: the mail is read like a school's,
    but its sender is the system, which every unit using it shares (never a school's address,
    `pipeline._interpret`), and it is never answered. A school's registered address, or a person
    forwarding the system's notice, is no system."""
    robot = is_robot_address(mail.sender) or _auto_submitted(mail) == "auto-generated"
    if not robot and (
        not systems.is_notice(mail.own_body)
        or mail.forwarded_from
        or any(mail.sender in school.emails for school in config.schools)
    ):
        return False
    return _carries_a_paper(mail)


def _a_units_notice(mail: Mail, config: Config) -> bool:
    """A document system's notice of a paper a school sent through it (from_a_system, its fields naming a
    school as the sending unit: systems.sending_units), though it came with a mailing list's header fields
    ("Precedence: bulk", List-Id), as some systems mark all their mail. A newsletter listing papers'
    fields names no sending unit; the Department's own notices name no school."""
    return from_a_system(mail, config) and any(
        re.search(r"\btruong\b", fold(unit)) or find_mentions(unit)
        for unit in systems.sending_units(mail.own_body)
    )


def _withdraws(mail: Mail, system: bool) -> bool:
    """A note asking the office to disregard mail sent before ("gửi nhầm, xin hủy"), with no file; or,
    from a document system (system: from_a_system), its notice that a paper was recalled ("thu hồi văn bản"), which attaches the paper it
    recalls: counted, it was a copy of the report, and the recall never reached staff. A notice of a paper
    that replaces another ("thay thế văn bản số …") is that new paper."""
    said = fold(f"{mail.subject} {mail.own_body}")
    if not _WITHDRAWS.search(said):
        return False
    return not _sends_files(mail) or (system and not _REPLACES.search(said))


def _body_reports(documents: Sequence[Document], config: Config) -> bool:
    """The mail's text is a report itself («hôm qua em gửi nhầm, nay gửi lại:» over the whole report): the
    report it resends, not a note taking mail back."""
    return any(d.name == BODY_NAME and _body_is_report(d, r) for d in documents for r in config.reports)


def disowns_earlier(mail: Mail) -> bool:
    """Whether a mail's own words disown mail sent before ("gửi nhầm file, em gửi lại file đúng", "xin hủy
    thư trước"): with a report attached, the report it sends replaces what was sent by mistake."""
    return bool(_WITHDRAWS.search(fold(f"{mail.subject} {mail.own_body}")))


def _carries_a_paper(mail: Mail) -> bool:
    """The mail carries a file, a link to one, or word of one recalled: a robot's such mail may be a
    document system's, sending a school's report."""
    return bool(
        _sends_files(mail) or _links(mail) or _WITHDRAWS.search(fold(f"{mail.subject} {mail.own_body}"))
    )


def is_bounce(mail: Mail, own_domain: str) -> bool:
    """A delivery-failure report (a bounce): a standard one, or a mail server's or provider's notice.

    Its subject tells a notice only in mail a program sent (_sent_by_a_server): a person's words
    («Gửi lại báo cáo do lỗi gửi thư», «Fwd: Delivery Status Notification (Failure)» over the report) are
    the person's mail, read as any.
    """
    content_type = (mail.header("content-type") or "").lower()
    if mail.content_type == "multipart/report" or "delivery-status" in content_type:
        return "disposition-notification" not in content_type  # a read receipt is a report too
    if _BOUNCE_SENDER.match(mail.sender):
        return True
    return bool(_BOUNCE_SUBJECT.search(fold(mail.subject))) and _sent_by_a_server(mail, own_domain)


def _sent_by_a_server(mail: Mail, own_domain: str) -> bool:
    """Marks of mail no person sent: an address no person reads, an Auto-Submitted field (but a forwarding
    rule's, which passes a person's mail on), the empty Return-Path every server's notice comes with
    (RFC 5321), or our own mail attached whole, as a provider's notice returns it."""
    return (
        is_robot_address(mail.sender)
        or _auto_submitted(mail) not in ("no", "auto-forwarded")
        or (mail.header("return-path") or "").strip() == "<>"
        or any(mailids.is_ours(_attached_id(a), own_domain) for a in mail.attachments)
    )


def _attached_id(attachment: Attachment) -> str:
    """The Message-ID of an attached message, "" for any other file."""
    if attachment.content_type != "message/rfc822":
        return ""
    return str(head_of(attachment.data).get("message-id") or "")


def _a_person_posted(mail: Mail, config: Config) -> bool:
    """A registered school's address, or a person a group names, wrote this mail, though a mailing list
    passed it on.

    An office that receives at a group address (a Google Group), or belongs to a group the schools post
    to, gets their mail with the list's header fields; the group names the author in X-Original-Sender,
    and rewrites From to itself when the author's domain asks for it (Mail.list_address). A newsletter
    names no author, and a group's digest names the group itself (X-Original-Sender its own address): the
    schools' posts it quotes were answered when they came, and its sender is no person to answer.
    """
    registered = {e for school in config.schools for e in school.emails}
    original = headers.address(mail.header("x-original-sender") or "")[1]
    return (
        mail.sender in registered
        or bool(mail.list_address)
        or bool(original and not mail.is_list_address(original))
    )


def _quarantine_notice(mail: Mail, own_domain: str) -> bool:
    """A mail filter's notice that mail to the office is held in its quarantine: from its quarantine
    address (Microsoft 365's quarantine@messaging.microsoft.com), or a program's mail (_sent_by_a_server)
    whose subject says so (_QUARANTINE)."""
    return mail.sender.startswith("quarantine@") or (
        bool(_QUARANTINE.search(fold(mail.subject))) and _sent_by_a_server(mail, own_domain)
    )


def _held_in_quarantine(mail: Mail, config: Config) -> Classification:
    """What staff read of a quarantine notice (_quarantine_notice): of the schools whose registered
    addresses it names, that their mail waits in the filter until someone releases it, the school counted
    as missing meanwhile; when the mail held is our own to them (the sender it quotes is one of our
    addresses: the school's filter held it), that the school did not get it and should release it and let
    our address through; naming none, nothing for staff. Never a report, never answered."""
    text = f"{mail.subject}\n{mail.body}".lower()
    named = [
        (school, address)
        for school in config.schools
        for address in school.emails
        if re.search(rf"(?<![\w.+-]){re.escape(address)}(?![\w-])", text)
    ]
    if not named:
        return Classification(False, None, None, _QUARANTINE_REASON, automatic=True)
    held = "; ".join(f"{school.name} ({address})" for school, address in named)
    senders = " ".join(
        m.group(1) for line in mail.body.splitlines() if (m := _QUOTED_SENDER.match(fold(line)))
    )
    ours = sorted(
        a for a in config.office_addresses if re.search(rf"(?<![\w.+-]){re.escape(a)}(?![\w-])", senders)
    )
    if ours:  # a school's filter holding our reminder or acknowledgement, its notice to us as the sender
        said = (
            f"Bộ lọc thư rác của máy chủ thư của {held} đã giữ lại (cách ly) thư gửi từ {', '.join(ours)} đến "
            "trường (thư nhắc nộp hoặc thư xác nhận): trường chưa nhận được thư ấy. Cán bộ báo cho trường (qua "
            "điện thoại hoặc địa chỉ khác) giải phóng thư khỏi khu vực cách ly và thêm địa chỉ ấy vào danh sách "
            "người gửi an toàn; sau đó loại thông báo này (baocao reject). Hệ thống không trả lời thông báo này."
        )
    else:
        said = (
            f"Bộ lọc thư rác của máy chủ thư đã giữ lại (cách ly) thư của {held}: thư đó chưa vào hộp thư nên "
            "hệ thống chưa đọc được, trường vẫn bị tính là chưa nộp. Cán bộ hoặc người quản trị thư vào khu vực "
            "cách ly (quarantine) của máy chủ thư, giải phóng thư (release) để thư vào hộp thư, hệ thống sẽ tự "
            "đọc; sau đó loại thông báo này (baocao reject). Hệ thống không trả lời thông báo này."
        )
    note = _for_staff(said, automatic=True)
    return replace(note, about=tuple(dict.fromkeys(school.id for school, _ in named)))


def _forwards_ours_alone(mail: Mail, config: Config) -> bool:
    """A forwarding rule's copy of the office's own mail ("Auto-Submitted: auto-forwarded", a school's
    server passing its whole inbox on to us), with no word of a person and nothing attached: each reminder
    came back as one more note for staff."""
    return (
        _auto_submitted(mail) == "auto-forwarded"
        and bool(mail.forwarded_from)
        and all(original in config.office_addresses for original in mail.forwarded_from)
        and not mail.attachments
        and not mail.own_body.strip()
    )


def _replied_with_a_file(mail: Mail) -> bool:
    """An automatic reply (a mail rule's canned answer) that carries a file and whose own words tell of
    sending it: a school's report may be in it; an out-of-office note carries none."""
    return (
        _auto_submitted(mail) == "auto-replied"
        and _sends_files(mail)
        and bool(_OWN_SENDING.search(fold(mail.own_body)))
    )


def _auto_submitted(mail: Mail) -> str:
    return (mail.header("auto-submitted") or "no").strip().lower().split(";")[0].strip()


def _noise(mail: Mail, *, posted: bool = False) -> str | None:
    """Mail a person may have sent that is still not for us: newsletters, invitations, phishing pages."""
    if not mail.attachments and not posted and _NEWSLETTER_BODY.search(fold(mail.body)):
        return "Bản tin (thư có đường dẫn hủy đăng ký), không phải báo cáo."
    if _an_invitation(mail):
        return "Lời mời họp, dự sự kiện (lời mời lịch), không phải báo cáo."
    pages = [a for a in mail.attachments if fold(a.name).endswith(_WEB_PAGE)]
    if (
        pages
        and len(pages) == len(mail.attachments)
        and any(_PHISHING_PAGE.search(a.data.lower()) for a in pages)
    ):
        return (
            "Thư nghi lừa đảo: tệp đính kèm là trang web chạy mã lệnh hoặc đòi nhập mật khẩu, không phải báo "
            "cáo. Không mở tệp, không bấm vào đường dẫn trong thư."
        )
    return None


def _spam_flagged(mail: Mail) -> bool:
    """The receiving server's spam filter marked the mail (SpamAssassin's X-Spam-Flag, X-Spam-Status)."""
    flag = (mail.header("x-spam-flag") or "").strip().lower()
    status = (mail.header("x-spam-status") or "").strip().lower()
    return flag == "yes" or status.startswith("yes")


def _an_invitation(mail: Mail) -> bool:
    """A calendar invitation: an event and no other file."""
    return bool(mail.attachments or mail.calendar) and all(_calendar(a) for a in mail.attachments)


def _calendar(attachment: Attachment) -> bool:
    """A calendar invitation's event file, by its type, its name or its first line."""
    return (
        attachment.content_type.lower().startswith(_CALENDAR_TYPES)
        or fold(attachment.name).endswith((".ics", ".vcs"))
        or attachment.data.lstrip()[:15].upper() == b"BEGIN:VCALENDAR"
    )


def _task_reminder(mail: Mail, config: Config) -> bool:
    """A document system's reminder to the unit of a paper it has to handle ("Nhắc việc", "sắp đến hạn xử
    lý"), with no file: from no school's registered address."""
    return (
        not _sends_files(mail)
        and bool(_TASK_REMINDER.search(fold(f"{mail.subject}\n{mail.own_body}")))
        and not any(mail.sender in school.emails for school in config.schools)
    )


@dataclass(frozen=True)
class _Verdict:
    report: ReportConfig
    # 3 a document is this report, 2 the subject or a file name says so, 1 a document is about its topic
    # only (_ONLY_THE_TOPIC), 0 it is not
    strength: int
    hits: int  # how many places name the report, to choose between reports
    reason: str
    documents: tuple[Document, ...]  # the documents that are this report
    problems: tuple[str, ...] = ()  # set when the report is named but none of its files could be read
    supplement: bool = False  # the problems are papers holding no report, in mail adding to one sent before
    # a document is this report (strength 3) only because its text names it in more sentences than any
    # other: no paper of it has a title, and neither the subject, a file's name nor the note names it
    by_text_alone: bool = False


def _verdict(
    mail: Mail,
    documents: Sequence[Document],
    failures: Sequence[Failure],
    report: ReportConfig,
    others: Sequence[Keywords],
    today: dt.date,
    claimed: Sequence[Document] = (),
) -> _Verdict:
    """How much the message looks like report; others are the keywords of the other configured reports,
    today the local day the mail was received, claimed the papers another report's verdict holds."""
    keywords = Keywords(report.keywords)
    papers = [d for d in documents if d.name != BODY_NAME or _body_is_report(d, report)]
    if _activity_photos(mail, papers, failures, report):
        if not _SENDS.search(fold(f"{mail.subject}\n{mail.own_body}")):
            return _Verdict(report, 0, 0, "", ())
        # "Trường gửi báo cáo kèm hình ảnh hoạt động" with the pictures alone: the report was left out.
        said = f"Thư ghi gửi báo cáo {report.short} nhưng chỉ kèm hình ảnh hoạt động."
        return _Verdict(report, 2, 1, said, (), (_PHOTOS_ONLY,))
    names = [a.name for a in mail.attachments] + [d.name for d in documents]
    subject = 0 if _OTHER_KIND_SUBJECT.match(fold(mail.subject)) else keywords.count(mail.subject)
    in_names = sum(keywords.count(n) for n in names)
    named_by_mail = (
        bool(subject and keywords.naming.count(mail.subject))
        or any(keywords.naming.count(n) for n in names)
        or _note_sends_it(mail, keywords)
    )
    own = tuple(
        d
        for d in papers
        if _is_this_report(d, report, keywords, others, by_topic=named_by_mail and _topic_titled(d, keywords))
        or _reports_as_a_letter(d, report, keywords)
    )
    if len({fold(d.header.issuer) for d in own if d.header.issuer}) == 1:
        # The pages of one report sent as pictures, one file a page (Zalo's, a phone's): a page after
        # the first has no header and may not name the report, but it goes on with its sections. Beside
        # several schools' reports (a cluster's mail) whose it is cannot be told.
        own = tuple(d for d in papers if d in own or _continues(d, report))
    # An annex is never the report, however many of its key figures it states ("Số học sinh: 430"): sent
    # alone, it is told as an annex or goes with the report sent before (_adds_to_a_report).
    own = _unless_annexes_only(own, report)
    topical = (
        ()
        if own
        else _unless_annexes_only(
            tuple(d for d in papers if _is_this_report(d, report, keywords, others, by_topic=True)), report
        )
    )
    hits = subject + in_names + sum(keywords.count(d.text[:4000]) for d in documents)
    if own:
        first = own[0]
        title = f" (trích yếu: {first.header.title})" if first.header.title else ""
        said = f"Văn bản {first.name} là báo cáo {report.short}{title}."
        forms = [d for d in own if _only_the_form(d, report)]
        if len(forms) < len(own):
            papers_of_it = tuple(d for d in own if d not in forms)
            by_text = not (named_by_mail or subject or in_names) and not any(
                d.header.title for d in papers_of_it
            )
            return _Verdict(report, _IS_THE_REPORT, hits, said, papers_of_it, by_text_alone=by_text)
        # Kept as the documents: their headers still say whose form it is.
        problems = tuple(_empty_form(d, report) for d in forms)
        return _Verdict(report, _IS_THE_REPORT, hits, said, own, problems, _adds_to_a_report(mail, forms))
    if topical:
        first = topical[0]
        paper = "Nội dung thư" if first.name == BODY_NAME else f"Văn bản {first.name}"
        about = f" (trích yếu: {first.header.title})" if first.header.title else ""
        named = ", ".join(keywords.naming.keywords)
        if keywords.naming.count(first.text):  # its basis cites the resolution, its title another paper
            how = f"chỉ nhắc tên báo cáo đó ({named}) trong nội dung, trích yếu không ghi tên báo cáo"
        else:
            how = f"không ghi tên báo cáo đó ({named})"
        said = (
            f"{paper}{about} nói về chủ đề của báo cáo {report.short} nhưng {how}; có thể là một báo cáo khác "
            "cùng chủ đề. Cán bộ xem xét; nếu đúng là báo cáo của trường thì gán thư cho trường (baocao assign)."
        )
        return _Verdict(report, _ONLY_THE_TOPIC, hits, said, topical)
    letter = next((d for d in papers if _sends_the_report(d, keywords)), None)
    if not subject and not in_names and not keywords.count(mail.own_body) and letter is None:
        return _Verdict(report, 0, hits, "", ())
    where = "Tiêu đề thư" if subject else "Tên tệp hoặc nội dung thư"
    said = f"{where} ghi là báo cáo {report.short}: {report.title}."
    if letter is not None and not subject:
        said = f"Công văn {letter.name} ghi gửi kèm báo cáo {report.short}: «{letter.header.title}»."
    unread = tuple(
        d for d in papers if not _other_paper(d) and not of_a_site(d) and not any(d is c for c in claimed)
    )
    # A scan too blurred for OCR to find its header or sections may well be the report the mail names:
    # staff read it by eye (papers.check_ocr), rather than the school being asked to send it again.
    blurred = _hard_to_read(unread)
    written = _unless_annexes_only(
        tuple(d for d in unread if d in blurred or _has_content(d, report, keywords)), report
    )
    if written:  # a paper without a header of its own, under a mail (or a letter) that names the report
        return _Verdict(report, 2, hits, said, written)
    # A note whose own text is a plan (pasted in under "file đính kèm") sent that plan, not the report.
    pasted = any(
        d.name == BODY_NAME and re.fullmatch(_LINKED_KIND, fold(d.header.kind or "")) for d in documents
    )
    kept = not _beside_its_plan(subject, papers, failures, keywords) and not _asks_only(mail) and not pasted
    problems = _problems(mail, failures) if kept else ()
    if not problems and not papers and _announces_the_report(mail, report, keywords, today):
        problems = (_PARTS_LEFT_OUT if mail.parts_left_out else _LEFT_OUT,)
    if not problems and letter is not None:
        links = _links(mail)
        problems = (
            f"Tệp {letter.name} chỉ là công văn gửi kèm («{letter.header.title}»), không có báo cáo đi kèm. "
            "Đề nghị trường gửi lại thư có đính kèm tệp báo cáo (DOCX hoặc PDF).",
            # The report sent by a link beside it (a file Gmail made a Drive chip of): why it was not read.
            *(
                [_link_problem(links, beside=letter.name)]
                if links and not _names_another_paper(mail, links)
                else []
            ),
        )
    if not problems and unread:
        listed = ", ".join(d.name for d in unread)
        problems = (
            f"Tệp {listed} không có nội dung của báo cáo: không đọc thấy tiêu đề văn bản hay phần nào của báo "
            "cáo (có thể chỉ là trang ký tên, đóng dấu, hoặc ảnh chụp không rõ chữ). Đề nghị trường gửi lại "
            "bản đầy đủ, rõ chữ của báo cáo.",
        )
        if all(signing_only(d) for d in unread):
            problems = (
                f"Tệp {listed} chỉ có trang ký tên, đóng dấu của báo cáo, không có tiêu đề văn bản hay phần nào "
                "của báo cáo. Đề nghị trường gửi lại toàn bộ báo cáo (tất cả các trang).",
            )
        if all(_annex(d) for d in unread):
            problems = tuple(_annexed(d) for d in unread)
        if not failures and _adds_to_a_report(mail, unread):
            return _Verdict(report, 2, hits, said, (), problems, supplement=True)
    if (
        not problems
        and _reporting_weeks(report, today)
        and (wrong := _wrong_file(mail, papers, failures, subject, report, others)) is not None
    ):
        said_file = f"Tệp {wrong.name}"
        if fold(wrong.header.kind or "") == _KIND_REPORT:  # a report on another plan, not a plan
            said_file = f"Tệp kèm là báo cáo khác: tệp {wrong.name}"
        whose = (wrong.header.kind or "").lower()
        whose = f" ({whose} của {_issuer(wrong)})" if _issued_elsewhere(wrong) else f" ({whose} của trường)"
        problems = (
            f"{said_file} là «{_paper_title(wrong)}»{whose}, không phải báo cáo {report.short} của trường: "
            f"{WRONG_PAPER}. Đề nghị trường gửi lại thư có đính kèm đúng tệp báo cáo.",
        )
    if problems:  # the report is named, but what was sent with it cannot be read, or was left out
        return _Verdict(report, 2, hits, said, (), problems)
    return _Verdict(report, 0, hits, "", ())  # every paper attached is another one, or none at all


def _reporting_weeks(report: ReportConfig, today: dt.date) -> bool:
    """Whether today falls in the weeks a school sends the report: from a month before a deadline to three
    months after it. In September a plan is what schools send, whatever the subject says."""
    season = today.year - 1 if report.due_next_year else today.year  # the one due in today's year
    this, last = deadline_day(report, season), deadline_day(report, season - 1)
    return today >= this - _BEFORE_REPORTING or today <= last + _AFTER_REPORTING


def _own_plan_for(document: Document, keywords: Keywords) -> bool:
    """A plan of a school (not an office's) titled by the report's topic or name, not a report too («KẾ
    HOẠCH VÀ BÁO CÁO», «… và báo cáo kết quả năm học trước»)."""
    kind = fold(document.header.kind or _typed_kind(document) or "")
    title = _paper_title(document)
    return (
        kind.startswith("ke hoach")
        and not _SAYS_REPORT.search(fold(title))
        and not _issued_elsewhere(document)
        and bool(keywords.count(title))
    )


def _wrong_file(
    mail: Mail,
    papers: Sequence[Document],
    failures: Sequence[Failure],
    subject: int,
    report: ReportConfig,
    others: Sequence[Keywords],
) -> Document | None:
    """The first of a school's plans for the report's topic («KẾ HOẠCH Triển khai thực hiện Nghị quyết
    121…») or of its reports on another subject (_own_other_report), when every paper attached is one,
    under a mail whose subject or note sends the report by name and whose words and file names name no
    other kind of paper nor that report's subject: the school attached the wrong file for its report's,
    and believes it reported. None when a file could not be read (it may be the report), a file's name
    says it is a plan («KH_NQ121.docx»), the words send a plan («gửi kế hoạch số 08/KH-…») or name the
    other report's subject, or the mail adds to a report («gửi bổ sung») or only asks. Another kind of
    paper under such a subject (a term's review, a class's report, the office's request sent back) is
    no report mistaken for."""
    keywords = Keywords(report.keywords)
    attached = [d for d in papers if d.name != BODY_NAME]
    mistaken = [
        d
        for d in attached
        if _own_plan_for(d, keywords)
        or _own_other_report(d, keywords, others)
        or _anothers_paper(d, keywords)
    ]
    if failures or not attached or mistaken != attached:
        return None
    by_subject = subject and keywords.naming.count(mail.subject) and _SAYS_REPORT.search(fold(mail.subject))
    sends_it = _note_sends_it(mail, keywords)
    if not (by_subject or sends_it) or _adds_to_a_report(mail) or _asks_only(mail):
        return None
    if not sends_it and any(_PLAN_FILE.search(fold(a.name)) for a in mail.attachments):
        return None  # «KH_NQ121.docx», «KeHoach.pdf», «KH121.docx»: the file the school meant to send
    if any(_issued_elsewhere(d) for d in attached) and not (sends_it and not mail.forwarded_from):
        # A body's own paper under a subject naming it is that body's mail («UBND xã … báo cáo NQ121»),
        # or passed on as it came; a school's note sending its report over it sent the wrong file.
        return None
    words = fold(f"{mail.subject}\n{mail.own_body}")
    if _OTHER_KIND.search(words):  # «gửi Phòng kế hoạch số 08/KH-THML»
        return None
    if re.search(rf"\b{_LINKED_KIND}", _CITED_PAPER.sub(" ", words)):  # not «thực hiện Kế hoạch số 45…»
        return None
    # «BC NQ121 và BC phòng chống dịch bệnh»: the school sends that report too, meant as it is.
    said = _word_pairs(words)
    if any(
        said & (_word_pairs(fold(d.header.title or "")) - _word_pairs(fold(report.title))) for d in attached
    ):
        return None
    return attached[0]


def _anothers_paper(document: Document, keywords: Keywords) -> bool:
    """A plan or a report of another body (_issued_elsewhere: the office's plan, the commune's or its health
    station's report) titled by the report's topic or name: not the school's report, whatever it says."""
    kind = fold(document.header.kind or "")
    return (
        (kind.startswith("ke hoach") or kind == _KIND_REPORT)
        and _issued_elsewhere(document)
        and bool(keywords.count(_paper_title(document)))
    )


def _issued_elsewhere(document: Document) -> bool:
    """A paper an administrative body (_office_issued) or the Department of Education issued, not a school."""
    return _office_issued(document) or bool(_DEPARTMENT.match(fold(document.header.issuer or "")))


def _own_other_report(document: Document, keywords: Keywords, others: Sequence[Keywords]) -> bool:
    """A school's own report on carrying out another plan («BÁO CÁO Kết quả thực hiện kế hoạch phòng,
    chống dịch bệnh mùa mưa bão», _CARRIES_OUT) or on another subject of the school year («Công tác phòng,
    chống bạo lực học đường năm 2026», _OTHER_SUBJECT): its title names neither the report nor its topic,
    its text names them in fewer than _NAMED_SENTENCES sentences (a basis «Căn cứ Nghị quyết số
    121/2020/QH14 …» is no report on it), and its title names no other configured report (that one's own
    verdict counts it). Not a class's or a site's report, nor a term's or a year's review."""
    header = document.header
    title = header.title or ""
    folded = fold(title)
    return (
        fold(header.kind or "") == _KIND_REPORT
        and bool(_CARRIES_OUT.search(folded) or (_another_subject(folded) and not re.search(_REVIEW, folded)))
        and bool(re.search(r"\btruong\b", fold(header.issuer or "")))
        and not _PART_OF_SCHOOL.search(folded)
        and not of_a_site(document)
        and not keywords.count(title)
        and keywords.sentences(document.text) < _NAMED_SENTENCES
        and not any(other.count(title) for other in others)
    )


def _word_pairs(folded: str) -> set[str]:
    """The pairs of words in a row of a folded text that hold no number (not «năm 2023»): what it names."""
    words = re.findall(r"[a-z]+|\d+", folded)
    return {f"{a} {b}" for a, b in itertools.pairwise(words) if not (a.isdigit() or b.isdigit())}


def _adds_to_a_report(mail: Mail, papers: Sequence[Document] = ()) -> bool:
    """Whether the sender says the mail adds to a report ("gửi bổ sung phụ lục"), in its subject or note, or
    every one of its papers holding no report opens as an annex ("PHỤ LỤC SỐ LIỆU …", _annex): sent alone,
    it adds to the report sent before however the note puts it ("Gửi phụ lục số liệu kèm báo cáo")."""
    said = bool(_SUPPLEMENT.search(fold(f"{mail.subject}\n{mail.own_body}")))
    return said or _annexes_only(papers)


def _annexes_only(papers: Sequence[Document]) -> bool:
    """Every one of papers (at least one) is an annex (_annex): the figures or lists of a report, not it."""
    return bool(papers) and all(_annex(d) for d in papers)


def _unless_annexes_only(papers: tuple[Document, ...], report: ReportConfig) -> tuple[Document, ...]:
    """papers, or none when they are annexes only (_annexes_only): an annex alone is never the report. One
    that writes out the report's parts under its heading is the report filled in on the form the office
    annexed to its letter («Phụ lục 1: Mẫu báo cáo …»)."""
    if any(_writes_the_report(d, report) for d in papers):
        return papers
    return () if _annexes_only(papers) else papers


def _writes_the_report(document: Document, report: ReportConfig) -> bool:
    """A paper writes out the report's parts, a few words under each (as _reports_as_a_letter asks); of a
    report the config lists no parts of, the parts it numbers (_written_parts)."""
    if not report.sections:
        return _written_parts(document.text) >= _BODY_REPORT_SECTIONS
    found = [
        s for s in _sections(document.text, report.sections).found if len(_TEXT_WORD.findall(s.text)) > 3
    ]
    return len(found) >= min(_BODY_REPORT_SECTIONS, len(report.sections))


def _beside_its_plan(
    subject: int, papers: Sequence[Document], failures: Sequence[Failure], keywords: Keywords
) -> bool:
    """Files that could not be read sent beside another paper titled by the report's topic (the school's
    plan for it), under a subject that does not claim the report, none of them named for it: pictures of
    the activities, a list of pupils. The mail's words name the report for that paper's sake; nothing says
    an unread file is the report."""
    return (
        bool(failures)
        and not subject
        and any(_other_paper(d) and keywords.count(d.header.title or _typed_kind(d) or "") for d in papers)
        and not any(keywords.count(f.name) for f in failures)
    )


def _asks_only(mail: Mail) -> bool:
    """A mail whose subject asks ("Hỏi về báo cáo Nghị quyết 121") and whose note sends nothing now ("Phòng
    cho trường xin mẫu báo cáo ạ"): what it carries that cannot be read (its signature's logo, a screenshot)
    is no report sent."""
    return bool(_ASKS_OR_TELLS_BEFORE.search(mail.subject.lower())) and not any(
        _sends_now(sentence) for sentence in _NOTESENTENCE_END.split(mail.own_body)
    )


def _problems(mail: Mail, failures: Sequence[Failure]) -> tuple[str, ...]:
    """Why a mail that names the report carries no readable report: per file, a link, or nothing."""
    if failures:
        return tuple(f.reason for f in failures)
    if any(a.content_type != "message/rfc822" and not a.decorative for a in mail.attachments):
        return ()  # its files were read: they are other papers
    links = _links(mail)
    if links:
        return () if _names_another_paper(mail, links) else (_link_problem(links),)
    if any(_says_attached(sentence) for sentence in _NOTESENTENCE_END.split(mail.own_body)):
        if _names_another_paper(mail):
            return ()  # the school's plan for the report left out: no report was sent
        return (
            "Thư ghi có tệp báo cáo đính kèm nhưng không kèm tệp nào. "
            "Đề nghị trường gửi lại thư có đính kèm tệp báo cáo (DOCX hoặc PDF).",
        )
    return ()


def _announces_the_report(mail: Mail, report: ReportConfig, keywords: Keywords, today: dt.date) -> bool:
    """A short note with nothing attached, no link and no report's text quoted that sends the report now
    and names it, in its sentence or in the subject ("Dạ em gửi báo cáo NQ121 ạ"): the file was left out.
    A subject naming the report over an empty body says as much, unless it asks ("Hỏi về báo cáo NQ121").
    A question, a promise, a delay asked for, a thank-you or a word of mail sent before does not, nor a
    sending dated before today, the mail's local day of receipt ("… gửi Phòng hôm 20/10 ạ" on the 22nd: a
    claim, `_claims_sent`); nor does a note over a quoted report (another school's mail answered: what it
    sends is that quote, never its own report); nor does one that types the report's lines, however few
    (_typed_too_briefly): the mail is the report, brief, and waits for staff as the school's."""
    if _sends_files(mail) or _links(mail) or _sections(mail.body, report.sections).found:
        return False
    if _typed_too_briefly(mail, report):
        return False
    body = mail.own_body
    if not body.strip():
        subject = fold(mail.subject)
        return (
            not THREAD_SUBJECT.match(subject)
            and not _ASKS_OR_TELLS_BEFORE.search(mail.subject.lower())
            and bool(_SAYS_REPORT.search(subject))
            and bool(keywords.naming.count(subject))
        )
    if len(_TEXT_WORD.findall(body)) > _NOTE_WORDS:
        return False
    named = bool(keywords.naming.count(mail.subject))
    sentences = _NOTESENTENCE_END.split(body)
    return any(
        (_sends_now(sentence) or _sends_to_the_office(sentence))
        and not _NOT_SENT_NOW.search(sentence.lower())
        and not _ELSEWHERE.search(fold(sentence))
        and not _sent_earlier(sentence, today)
        and (named or keywords.naming.count(sentence))
        for sentence in sentences
    ) or (
        (named or any(keywords.naming.count(sentence) for sentence in sentences))
        and not _ELSEWHERE.search(fold(body))
        and _resends_after_an_earlier_sending(body, today)
    )


def _resends_after_an_earlier_sending(body: str, today: dt.date) -> bool:
    """A note that dates an earlier sending, or names an earlier copy ("bản trước bị lỗi"), and sends again
    now, in another clause ("Báo cáo gửi hôm 20/10 bị lỗi, em gửi lại ạ", "… không mở được. Em gửi lại ạ",
    "xin nộp lại báo cáo, bản trước bị lỗi"): the school resends the report and left the file out, it does
    not tell of the earlier mail alone (`_claims_sent`). A clause promising or delaying the sending ("em
    sẽ gửi lại sau") sends nothing now."""
    clauses = CLAUSE_END.split(body)
    earlier = [_sent_earlier(clause, today) or bool(_EARLIER_COPY.search(fold(clause))) for clause in clauses]
    return any(earlier) and any(
        _RESENDS.search(fold(clause))
        and not told_before
        and not _NOT_SENT_NOW.search(_BECAUSE.split(clause.lower())[0])
        for clause, told_before in zip(clauses, earlier, strict=True)
    )


def _sent_earlier(sentence: str, today: dt.date) -> bool:
    """The sentence dates a sending on a day before today ("… trường em gửi Phòng hôm 20/10 ạ", "ngày
    18/10/2021", "hôm 18 tháng Mười"): it tells of mail sent then, not of this one. A date without its year is of today's year,
    or of the year before when that would put it half a year ahead (a January mail of "hôm 28/12"); today
    itself, or a day to come, is no earlier sending."""
    folded = fold(dates.months_in_numbers(sentence))
    for match in (m for pattern in _SENT_ON for m in pattern.finditer(folded)):
        day, month, year = match.group(1, 2, 3)
        written = int(year) + (2000 if len(year) == 2 else 0) if year else today.year
        try:
            when = dt.date(written, int(month), int(day))
        except ValueError:
            continue
        if not year and (when - today).days > _YEARLESS_AHEAD_DAYS:
            when = when.replace(year=written - 1)  # 29/2 cannot be ahead by half a year
        if when < today:
            return True
    return False


def _sends_now(sentence: str) -> bool:
    """Whether a sentence sends the report now, the verb before it, or after it or a version of it unless
    the sentence tells of another time ("báo cáo NQ121 đã gửi ngày 18/10")."""
    lower = sentence.lower()
    return bool(
        _SENDS_NOW.search(fold(sentence))
        or (_SENDS_IT_NOW.search(lower) and not _NOT_SENT_NOW.search(lower) and not _RECEIVED.search(lower))
    )


def _sends_to_the_office(sentence: str) -> bool:
    """Whether a sentence sends to the office without naming what ("gửi PGD", "em gửi về Phòng ạ"): under
    a subject naming the report, it sends the report. Not the salutation ("Kính gửi Phòng GD&ĐT"), nor
    another paper ("gửi Phòng kế hoạch")."""
    folded = fold(sentence)
    return bool(_SENDS_TO_OFFICE.search(folded)) and not _OTHER_KIND.search(folded)


def _sent_elsewhere(mail: Mail, config: Config) -> str:
    """The sentence of a mail with nothing attached and no link that says a configured report was sent
    another way ("Dạ em gửi báo cáo NQ121 qua Zalo ạ", "Trường đã gửi bản giấy báo cáo NQ121"), or "". A
    report named by its topic alone ("báo cáo sơ kết học kỳ I phòng chống xâm hại trẻ em đã gửi qua Zalo")
    is one too: staff only look."""

    def says(sentence: str) -> bool:
        return bool(_ELSEWHERE.search(fold(sentence)) and _SENDS_SOMETHING.search(fold(sentence)))

    said = _note_saying(mail, config, says) or _note_saying(mail, config, says, topic=True)
    return said[1] if said is not None else ""


def corrects_a_report(mail: Mail, config: Config) -> str:
    """The sentence of a mail correcting a report sent before (_correction), or ""."""
    found = _correction(mail, config)
    return "" if found is None else found[1]


def _correction(mail: Mail, config: Config) -> tuple[str, str] | None:
    """(the report's id, the sentence) of a mail with nothing attached and no link that corrects a configured report sent
    before ("Trường xin đính chính số liệu trong báo cáo NQ121: 6 buổi, không phải 4"), or "". A sentence
    sending the corrected report now ("em gửi lại báo cáo đã sửa") left its file out instead; one that
    promises a correction makes none, unless another of its clauses says the report is wrong ("số liệu
    trong báo cáo gửi hôm trước bị sai, trường sẽ gửi lại"). A sentence that only announces the correction
    is quoted up to the next that names a figure ("… xin đính chính báo cáo NQ121. Số buổi tuyên truyền đúng
    là 6 buổi."); None for any other mail."""
    said = _note_saying(
        mail,
        config,
        lambda sentence: (
            not _sends_now(sentence)
            and any(
                _CORRECTS.search(fold(clause)) and not PROMISES.search(fold(clause))
                for clause in CLAUSE_END.split(sentence)
            )
        ),
    )
    if said is None:
        return None
    figures = config.report(said[0]).figures
    sentences = _NOTESENTENCE_END.split(mail.own_body)
    at = next((n for n, s in enumerate(sentences) if _quoted(s) == said[1]), len(sentences))
    for end in range(at, min(at + 1 + _FIGURES_AFTER, len(sentences))):
        if figures_named(sentences[end], figures) or find_figures(sentences[end], figures):
            return said[0], _quoted(" ".join(sentences[at : end + 1]))
    return said


def _corrected_season(
    said: str, report: ReportConfig, received_at: dt.datetime, config: Config
) -> int | None:
    """The season of the report a correction names by its year, as a report's title does ("báo cáo NQ121
    năm 2019", "năm học 2019-2020", see report_year); None when it names none (the receipt decides)."""
    folded = fold(said)
    if (year := TITLE_YEAR.search(folded)) is not None:
        stated: tuple[int | None, dt.datetime | None] = (int(year.group(1)), None)
    elif (school_year := title_school_year(folded)) is not None:
        stated = near_receipt(school_year, received_at, config)
    else:
        return None
    return season_said(stated, report, received_at, config)


def _note_saying(
    mail: Mail, config: Config, says: Callable[[str], bool], *, topic: bool = False
) -> tuple[str, str] | None:
    """The first sentence of a mail with nothing attached (a signature's logo is no file: decorative)
    and no link, not a question, in which says finds
    what it looks for about a configured report named in it or in the subject (by its topic too, when
    topic): (that report's id, the sentence shortened); None when there is none. A sentence ending in a
    question still says it in a clause that asks nothing ("trường em đã gửi báo cáo hôm 20/10 rồi ạ, sao
    vẫn nhận được thư nhắc ạ?")."""
    if _sends_files(mail) or _links(mail):
        return None
    naming = [(r.id, Keywords(r.keywords) if topic else Keywords(r.keywords).naming) for r in config.reports]
    for sentence in _NOTESENTENCE_END.split(mail.own_body):
        if not says(sentence):
            continue
        if "?" in sentence and not any("?" not in c and says(c) for c in CLAUSE_END.split(sentence)):
            continue
        for report_id, keywords in naming:
            if keywords.count(sentence) or keywords.count(mail.subject):
                return report_id, _quoted(sentence)
    return None


def _sealed(mail: Mail) -> str:
    """What seals away all a mail holds, for staff, or "": Gmail's confidential mode (its text behind a
    link) or an Outlook protected message (message.rpmsg). Its words tell nothing of what it carries, so
    naming no report is no sign that it is none."""
    protected = [a.name for a in mail.attachments if _PROTECTED.search(a.name) or "rpmsg" in a.content_type]
    if protected:
        return f"Thư được Outlook bảo vệ (tệp {protected[0]})"
    if not _sends_files(mail) and _CONFIDENTIAL.search(mail.own_body):
        return "Thư gửi ở chế độ bảo mật của Gmail"
    return ""


def _asks_access(mail: Mail) -> bool:
    """A mail without files asking for access to a file shared by link (a drive's access request)."""
    return not _sends_files(mail) and bool(_ASKS_ACCESS.search(fold(f"{mail.subject}\n{mail.own_body}")))


def _sends_files(mail: Mail) -> bool:
    """Whether the mail carries a file: a signature's logo or an icon in its text is none (decorative), nor
    is the winmail.dat Outlook adds to a rich-text mail that carries no file."""
    return any(not a.decorative and not archives.formatting_only(a.data) for a in mail.attachments)


def _links(mail: Mail) -> list[str]:
    """The links to files kept elsewhere that the sender's own text gives, but none in a sentence that
    asks the office something ("mẫu báo cáo ở link https://… phải không ạ?"), or on a line of its own right
    after such a sentence ("Thầy cho em hỏi mẫu báo cáo ở đâu ạ?\nhttps://…"), nor any of a mail asking
    for access to a file: that file is the office's (its template), not the sender's report. A link to an
    online form is no file either."""
    if _asks_access(mail):
        return []
    sentences = _NOTESENTENCE_END.split(mail.own_body)
    # "?usp=sharing" asks nothing: each sentence's own words, without its links.
    words = [_CLOUD_LINK.sub(" ", sentence).lower() for sentence in sentences]
    asking = [bool(_ASKS_OR_TELLS_BEFORE.search(w)) for w in words]
    # A mail that also says, without asking, that it sends something ("Em gửi báo cáo qua link ạ. Thầy
    # xem giúp em đúng mẫu chưa ạ?\nhttps://…") sends the link that follows its question.
    sends = any(
        not asked and _SENDS_SOMETHING.search(fold(w)) for w, asked in zip(words, asking, strict=True)
    )
    found: list[str] = []
    asked = False  # the last sentence with words of its own asked something
    for sentence, said, asks in zip(sentences, words, asking, strict=True):
        if said.strip(" \t-–:>*"):
            asked = asks
            if asks:
                continue
        elif not sentence.strip() or (asked and not sends):
            continue
        found.extend(
            m.group(0)
            for m in _CLOUD_LINK.finditer(sentence)
            if not _FORM_LINK.match(m.group(0))
            and not _SHOWN_PICTURE.match(sentence, m.start() - 1, m.end() + 1)
        )
    # A sentence may end right after the link: its full stop is not part of it.
    return list(dict.fromkeys(link.rstrip(".,;:!?)>") for link in found))


def _names_another_paper(mail: Mail, links: Sequence[str] = ()) -> str:
    """The kind of paper ("kế hoạch") that a mail sends by its own words (through its links, or as the file
    it says is attached), or "": the subject, the note and the linked files' names name a plan, a decision
    ... and never a report ("Kế hoạch thực hiện NQ121 năm học 2026-2027", a Drive notice for
    "KH_NQ121.docx")."""
    names = [re.sub(r"[_+.-]+", " ", link.rstrip("/").rpartition("/")[2]) for link in links]
    subject = "" if REPLY_SUBJECT.match(fold(mail.subject)) else mail.subject  # the thread's, not the link's
    lines = [fold(line) for line in (subject, *_CLOUD_LINK.sub(" ", mail.own_body).splitlines(), *names)]
    if any(_SAYS_REPORT.search(line) for line in lines):
        return ""
    found = [m for line in lines if (m := _OTHER_KIND.search(line))]
    if not found:
        return ""
    kind = re.search(_LINKED_KIND, found[0].group(0))
    return "kế hoạch" if kind is None or kind.group(0) in ("ke hoach", "kh") else kind.group(0)


def _activity_photos(
    mail: Mail, papers: Sequence[Document], failures: Sequence[Failure], report: ReportConfig
) -> bool:
    """A mail carrying only pictures (attached, or in a zip) that its words call the school's activities
    or evidence ("Gửi hình ảnh hoạt động tuyên truyền phòng chống xâm hại"), none of which reads as a
    paper with a header or holds the report's sections (a banner reading "tuyên truyền phòng, chống xâm hại
    trẻ em" holds one at most): they show the work the report is about, they are not the report. A photo of
    the report ("ảnh chụp báo cáo") is the report, read or not."""
    names = [d.name for d in papers] + [f.name for f in failures]
    if not names or not all(_IMAGE_NAME.search(name) for name in names):
        return False
    if any(
        d.header.kind or d.header.issuer or len(_sections(d.text, report.sections).found) >= _PAGE_SECTIONS
        for d in papers
    ):
        return False
    words = fold(f"{mail.subject}\n{mail.own_body}")
    return bool(_ACTIVITY_PHOTOS.search(words)) and not _PHOTO_OF_PAPER.search(words)


def activity_photos_beside(mail: Mail, failures: Sequence[Failure]) -> tuple[str, ...]:
    """The pictures among the files beside a readable report in which no text at all was recognised, that
    their names or the mail's words call the school's activities or evidence («anh_hoat_dong_1.jpg», "gửi
    báo cáo kèm hình ảnh hoạt động"): they show the work reported, as such pictures sent alone do
    (_activity_photos), and are no page of the report that could not be read. A picture called a photo of
    the report ("ảnh chụp báo cáo"), or one that could not be opened, still is."""
    words = fold(f"{mail.subject}\n{mail.own_body}")
    if _PHOTO_OF_PAPER.search(words):
        return ()
    said = bool(_ACTIVITY_PHOTOS.search(words))
    return tuple(
        f.name
        for f in failures
        if f.code == FailureCode.EMPTY
        and _IMAGE_NAME.search(f.name)
        and (said or _ACTIVITY_PHOTOS.search(_spaced(f.name)))
        and not _PHOTO_OF_PAPER.search(_spaced(f.name))
    )


def _spaced(name: str) -> str:
    """A file's name folded, its separators read as spaces: «anh_hoat_dong_1.jpg» is "anh hoat dong 1 jpg"."""
    return re.sub(r"[^a-z0-9]+", " ", fold(name))


def _link_problem(links: Sequence[str], *, beside: str = "") -> str:
    """Why a report sent by links was not read; beside: the file the mail carries along with them."""
    if all(_CONFIDENTIAL.match(link) for link in links):
        return (
            "Thư gửi ở chế độ bảo mật của Gmail: nội dung và tệp chỉ xem được qua đường dẫn "
            f"({links[0]}), hệ thống không mở được. Đề nghị trường gửi lại thư thường (tắt chế độ bảo mật) "
            "có đính kèm tệp báo cáo (DOCX hoặc PDF)."
        )
    sent = f"Ngoài tệp {beside}, thư chỉ có đường dẫn tải tệp" if beside else "Thư chỉ có đường dẫn tải tệp"
    return (
        f"{sent} ({', '.join(links[:3])}), không kèm tệp báo cáo; hệ thống không tải tệp từ đường dẫn. "
        "Đề nghị trường gửi lại báo cáo dạng tệp đính kèm (DOCX hoặc PDF)."
    )


def _sent_by_link(mail: Mail, config: Config, received_at: dt.datetime) -> Classification | None:
    """A mail with no file that says it sends a report ("gửi báo cáo", "em gửi link ạ") by a link alone,
    without naming which: the report whose season runs, unreadable (the school is told to attach the
    file); with no season or several running, staff read it. None for any other mail."""
    if _sends_files(mail) or not _SAYS_REPORT.search(fold(f"{mail.subject} {mail.own_body}")):
        return None
    links = _links(mail)
    if not links or _names_another_paper(mail, links):
        return None
    running = [r for r in config.reports if running_season(r, received_at, config) is not None]
    if len(running) == 1:
        [report] = running
        return Classification(
            True,
            report.id,
            None,
            f"Thư gửi báo cáo bằng đường dẫn, không ghi tên báo cáo; đang thu báo cáo {report.short}.",
            problems=(_link_problem(links),),
        )
    return Classification(
        False,
        None,
        None,
        f"{_link_problem(links)} Thư không ghi là báo cáo nào; cán bộ xem thư và báo trường gửi lại.",
        True,
    )


def _said_draft(mail: Mail, documents: Sequence[Document]) -> str | None:
    """What the subject, a file's name or the school's note says of the report being a draft, or None.

    Only the school's words about what it sends count: a report pasted into the mail may itself speak
    of a draft ("góp ý dự thảo Luật Trẻ em"), so the body is read only when it is no paper of its own."""
    body = "" if any(d.name == BODY_NAME for d in documents) else mail.own_body
    subject = _subject_of_this_mail(mail, body)
    for text in (subject, *(a.name for a in mail.attachments), *_NOTESENTENCE_END.split(body)):
        if _is_draft(text):
            return _quoted(text)
    return None


def _final_versions(mail: Mail, documents: Sequence[Document]) -> tuple[Document, ...]:
    """The reports of a mail that says it holds a draft which are not the draft: when only file names
    say so ("Du thao BC NQ121.docx" beside "BC NQ121 da ky.pdf", or a draft plan sent along), or the
    words calling one a draft send the final version beside it ("bản dự thảo và bản chính thức có chữ
    ký"), the files not named a draft; none when the subject or the school's note calls what it sends a
    draft."""
    body = "" if any(d.name == BODY_NAME for d in documents) else mail.own_body
    texts = (_subject_of_this_mail(mail, body), *_NOTESENTENCE_END.split(body))
    if any(_is_draft(text) and not _final_too(text) for text in texts):
        return ()
    return tuple(d for d in documents if not _is_draft(d.name))


def _part_of_year(documents: Sequence[Document], report: ReportConfig) -> str | None:
    """The title of the reports when every one of them reports on a part of the year (_PART_OF_YEAR)
    that the report's own title does not name, else None."""
    if not documents or _PART_OF_YEAR.search(fold(report.title)):
        return None
    titles = [d.header.title or "" for d in documents]
    if not all(_PART_OF_YEAR.search(fold(title)) for title in titles):
        return None
    return titles[0]


def _several_years(documents: Sequence[Document], report: ReportConfig) -> str | None:
    """The title of the reports when one of them reviews several years (_SEVERAL_YEARS: «Sơ kết 5 năm thực
    hiện Nghị quyết …», «giai đoạn 2020-2025») and the report's own title does not, else None: a review of
    a period, not the year's report."""
    if _spans_years(fold(report.title)):
        return None
    return next(
        (d.header.title for d in documents if d.header.title and _spans_years(fold(d.header.title))), None
    )


def _spans_years(folded_title: str) -> bool:
    return any(
        found.group(1) is None or int(found.group(2)) - int(found.group(1)) > 1
        for found in _SEVERAL_YEARS.finditer(folded_title)
    )


def _subject_of_this_mail(mail: Mail, body: str) -> str:
    """The subject as words about this mail's files: none for a reply's or a forward's subject, the
    thread's ("Re: Báo cáo NQ121 - bản nháp"), over a note sending the final version ("em gửi bản chính
    thức có chữ ký") or the report corrected as the office commented ("em gửi báo cáo đã sửa theo góp ý"):
    the school answers the draft's thread with its report. A note calling it a draft again ("bản nháp đã
    sửa theo góp ý") is read as one by the caller."""
    folded = fold(mail.subject)
    threaded = REPLY_SUBJECT.match(folded) or FORWARD_SUBJECT.match(folded)
    if threaded and any(
        _final_too(sentence) or _corrected_as_commented(sentence)
        for sentence in _NOTESENTENCE_END.split(body)
    ):
        return ""
    return mail.subject


def _corrected_as_commented(text: str) -> bool:
    folded = fold(text)
    return bool(_AS_COMMENTED.search(folded)) and not _FINAL_LATER.search(folded)


def _asks_extension(mail: Mail) -> bool:
    """The subject or a sentence of the school's note asks for a later deadline (_ASKS_EXTENSION)."""
    for text in (mail.subject, *_NOTESENTENCE_END.split(mail.own_body)):
        if _ASKS_EXTENSION.search(fold(text)) and not _thanks_for_extension(text):
            return True
    return False


def _letter_asking_extension(documents: Sequence[Document], failures: Sequence[Failure]) -> str | None:
    """The sentence of a letter (công văn) sent instead of the report that asks for a later deadline
    ("V/v giải trình việc chậm gửi báo cáo": "… nhà trường xin phép gửi báo cáo chậm đến ngày 30/10"), when
    every file of the mail is read and is such a letter; None otherwise. A report sent with an apology for
    its lateness is a report."""
    papers = [d for d in documents if d.name != BODY_NAME]
    if failures or not papers or any(fold(d.header.kind or "") != "cong van" for d in papers):
        return None
    return next(
        (
            sentence
            for d in papers
            for sentence in SENTENCE_END.split(d.text)
            if _ASKS_EXTENSION.search(fold(sentence)) and not _thanks_for_extension(sentence)
        ),
        None,
    )


def _thanks_for_extension(text: str) -> bool:
    """The sentence thanks for an extension given (_EXTENSION_GRANTED): read with its marks when it has
    them, for folded «dạ» (yes) is «đã» (already)."""
    if has_diacritics(text):
        return bool(_EXTENSION_GRANTED_MARKED.search(nfc(text).lower()))
    return bool(_EXTENSION_GRANTED.search(fold(text)))


def _final_too(text: str) -> bool:
    folded = fold(text)
    return bool(_FINAL_TOO.search(folded)) and not _FINAL_LATER.search(folded)


def _is_draft(text: str) -> bool:
    """The text calls what it sends a draft: not one that says it is not the draft, nor one that puts a
    draft sent before behind it ("bản nháp gửi ngày 12/10 Phòng bỏ giúp em")."""
    folded = fold(text)
    if not _DRAFT.search(folded) or _REPLACES_DRAFT.search(folded) or _NOT_A_DRAFT.search(folded):
        return False
    return not (_DISCARDS.search(text.lower()) and _EARLIER.search(folded))


def _says_attached(sentence: str) -> bool:
    """A sentence of a cover note says this mail carries the report as a file ("file đính kèm"), not in its
    own text ("gửi kèm nội dung trong thư")."""
    folded = fold(sentence)
    return (
        bool(_SAYS_ATTACHED.search(folded))
        and not _SAYS_IN_BODY.search(folded)
        and not _ASKS_OR_TELLS_BEFORE.search(sentence.lower())
    )


# Texts whose sections are kept: a mail's body and papers, for each configured report.
_SECTIONS_KEPT = 64


@functools.lru_cache(maxsize=_SECTIONS_KEPT)
def _sections(text: str, specs: tuple[SectionSpec, ...]) -> SectionResult:
    """find_sections of a text for a report's sections, searched once: judging a mail asks it of the same
    body or paper again and again (whether the body is the report, whether the note announces it or
    quotes it, whether a paper is only the form or an activity photo), for each configured report, and
    the search is the costly part of the judgement. Both arguments are immutable, so is the result."""
    return find_sections(text, specs)


def _body_is_report(document: Document, report: ReportConfig) -> bool:
    """A mail body carries the report itself: its BÁO CÁO header over at least one of its sections (over
    two numbered parts written out, when the config lists none), or its sections in quantity.

    A cover note ("trường gửi báo cáo thực hiện Nghị quyết 121 … (file đính kèm)") names the report
    without being it, even when it sets the report's kind and title on lines of their own as the
    report's header does ("Trường … gửi:\n\nBÁO CÁO\nKết quả thực hiện Nghị quyết số 121 …").
    """
    # A heading with nothing under it before the next one is a list of the report's parts (the office's
    # reminder "Báo cáo gồm các nội dung chính: 1. Công tác chỉ đạo … 2. Kết quả …" pasted back), not a
    # part written.
    found = [s for s in _sections(document.text, report.sections).found if s.text.strip()]
    if document.header.kind and fold(document.header.kind) == _KIND_REPORT and document.header.title:
        if report.sections:
            return bool(found)
        # A report whose parts the config does not list is known by the parts it numbers and writes out;
        # a cover note sets out the title over a line or two.
        return _written_parts(document.text) >= _BODY_REPORT_SECTIONS
    # A few lines typed on a phone ("- Đã tổ chức 3 buổi tuyên truyền … - Khó khăn: …", or sentences run
    # on: "… cho 430 lượt học sinh. Khó khăn: không có. Đề xuất: không có.") report when they state the
    # report's key figures beside its sections. Of a report the config lists neither of, such lines are
    # too few to tell (_typed_too_briefly).
    if (
        len(document.text) < _BODY_REPORT_CHARS
        and (report.sections or report.figures)
        and len(_typed_sections(document.text, report)) >= min(_BODY_REPORT_SECTIONS, len(report.sections))
        and _key_figures(document, report)
        >= min(_BODY_REPORT_FIGURES, len(report.figures) or _BODY_REPORT_FIGURES)
    ):
        return True
    if len(found) < min(_BODY_REPORT_SECTIONS, len(report.sections)):
        return False
    if len(document.text) >= _BODY_REPORT_CHARS:
        return True
    # A short report typed as reports are laid out, its parts under their numbers ("I. Công tác chỉ đạo:
    # đã quán triệt.", "2. Khó khăn: không."), is the report however brief. A note lists its points with
    # dashes; a question about the report numbers what it asks ("1. Kết quả thực hiện: có cần ghi …?").
    numbered = [s for s in found if _NUMBERED_PART.match(fold(s.heading)) and "?" not in s.text]
    return bool(numbered) and len(numbered) >= min(_BODY_REPORT_SECTIONS, len(report.sections))


def _typed_sections(text: str, report: ReportConfig) -> list[Section]:
    """The report's sections a few typed lines write out, each sentence read as a line of its own: a phone
    runs "Khó khăn: không có. Đề xuất: không có." on one line. A section asked about is not written."""
    lines = "\n".join(_NOTESENTENCE_END.split(text))
    return [s for s in _sections(lines, report.sections).found if s.text.strip() and "?" not in s.text]


def _key_figures(document: Document, report: ReportConfig) -> int:
    """How many of the report's key figures a typed text states; of a report whose figures the config
    does not list, how many counts it types with what they count (_counts_typed)."""
    if not report.figures:
        return _counts_typed(document.text)
    return len(find_figures(document.text, report.figures, school_year=own_school_year(document)))


def _written_parts(text: str) -> int:
    """How many numbered parts ("I. Công tác chỉ đạo, triển khai" and what was done under it, or after a
    colon on its line: "3. Khó khăn: cổng trường sát quốc lộ.") a text writes out below its title. A
    heading with nothing under it before the next one is a list of the parts, not a part written; nor is
    one that asks ("1. Kết quả thực hiện: có cần ghi số liệu không?")."""
    lines = [line for line in text.splitlines()[body_start(text) :] if line.strip()]
    headings = [i for i, line in enumerate(lines) if _NUMBERED_PART.match(fold(line))]
    return sum(
        1
        for i, after in itertools.pairwise([*headings, len(lines)])
        if after - i > 1 or _written_on_its_line(lines[i])
    )


def _written_on_its_line(heading: str) -> bool:
    """A numbered part's heading goes on after a colon with what was done ("2. Kết quả: 100% học sinh …")."""
    _, colon, after = _NUMBERED_PART.sub("", fold(heading), count=1).partition(":")
    return bool(colon) and bool(re.search(r"\w", after)) and "?" not in after


def _is_this_report(
    document: Document,
    report: ReportConfig,
    keywords: Keywords,
    others: Sequence[Keywords] = (),
    *,
    by_topic: bool = False,
) -> bool:
    """A BÁO CÁO (or a paper with no header) whose title, or failing a title its text, names the report;
    or a file that opens with another paper and goes on with the report (_report_follows). A title that
    names another configured report (others) and not this one says the paper is that report, however
    often its text touches this one's topic.

    The report is named by its naming keywords (Keywords.naming): in the title, in two sentences of the
    text, or, when two sentences name it at all, once where the paper says what it answers
    (_answers_the_report). A paper about the report's topic only (a
    Chỉ thị 20-CT/TW report "về tăng cường phòng, chống xâm hại trẻ em", a year-end summary with a
    section on it) is the report only by_topic: when the mail names the report for a paper without a
    title, or when asking whether a paper could be it. A paper without a title that names the report but
    holds none of it (_names_it_only) is not it. keywords are the report's, built once per report."""
    naming = keywords if by_topic else keywords.naming
    header = document.header
    if (header.kind and fold(header.kind) != _KIND_REPORT) or _typed_kind(document):
        # A plan, a decision, a letter: not the report, whatever its topic, unless the report follows it.
        return _report_follows(document, naming)
    if header.title and _PART_OF_SCHOOL.search(fold(header.title)):
        return False  # "… của lớp 5A", "… của cá nhân giáo viên": not the school's own report
    if of_a_site(document):
        return False  # a site's report under its school's name: a part of the school's, not the whole
    if _office_issued(document):
        return False  # the Department's or a commune's own report on the topic, sent for information
    if header.title:
        # The title says what a paper reports on; another report may touch the topic in passing
        # ("lồng ghép tuyên truyền phòng, chống xâm hại trẻ em theo Nghị quyết số 121/2020/QH14").
        if naming.count(header.title):
            return True
        if any(other.count(header.title) for other in others):
            return False
        if keywords.sentences(document.text) < _NAMED_SENTENCES:
            return False
        if not by_topic and _cites_another_paper(fold(header.title), keywords):
            # "Kết quả thực hiện Chỉ thị 20-CT/TW về …" reports on the paper it cites, however often its
            # text names the report beside it; unless a sentence citing that paper names the report.
            return _answers_the_report(document, keywords)
        if not by_topic and not keywords.count(header.title) and _OTHER_SUBJECT.search(fold(header.title)):
            # "Công tác bảo đảm an toàn trường học, phòng chống bạo lực học đường" reports on another subject
            # of the school year, however often its text names the resolution it touches.
            return False
        if not by_topic and _another_subject(fold(header.title)):
            # A title naming the topic among other subjects ("… bạo lực học đường, tai nạn thương tích và
            # xâm hại trẻ em") is the report only where its text names the report twice, not in its basis.
            return naming.sentences(document.text) >= _NAMED_SENTENCES
        return naming.sentences(document.text) >= _NAMED_SENTENCES or _answers_the_report(document, keywords)
    return naming.count(document.text) > 0 and not _names_it_only(document, report)


def _another_subject(folded_title: str) -> bool:
    """A folded title names another subject of the school year (_OTHER_SUBJECT), not only a term's or a
    year's review («Sơ kết học kỳ I công tác phòng, chống xâm hại trẻ em» reports on the topic)."""
    return any(not re.match(_REVIEW, found.group(0)) for found in _OTHER_SUBJECT.finditer(folded_title))


def _note_sends_it(mail: Mail, keywords: Keywords) -> bool:
    """A sentence of the school's short note sends the report now and names it ("Trường gửi báo cáo kết
    quả thực hiện Nghị quyết 121"): the school says what its file is, as a subject naming it does."""
    body = mail.own_body
    if len(_TEXT_WORD.findall(body)) > _NOTE_WORDS:
        return False
    return any(
        _SENDS_NOW.search(fold(sentence))
        and not _NOT_SENT_NOW.search(sentence.lower())
        and keywords.naming.count(sentence)
        for sentence in _NOTESENTENCE_END.split(body)
    )


def _topic_titled(document: Document, keywords: Keywords) -> bool:
    """A paper that is what the mail names it when the mail names the report: one without a title, or
    one titled by the report's topic alone ("Công tác phòng, chống xâm hại trẻ em năm học 2026-2027"),
    citing no other paper by number. A title citing one ("Kết quả thực hiện Chỉ thị 20-CT/TW về …") says
    the paper reports on that one, whatever the mail says."""
    title = fold(document.header.title or "")
    return not title or (bool(keywords.count(title)) and not _cites_another_paper(title, keywords))


def _cites_another_paper(title: str, keywords: Keywords) -> bool:
    """A folded title names another paper it reports on: by its number ("Chỉ thị 20-CT/TW", "Nghị quyết
    số 56/2017/QH14"), or a law or decree by its name ("Luật Trẻ em")."""
    return bool(_papers_cited(title, keywords) or _NAMES_A_LAW.search(title))


def _papers_cited(title: str, keywords: Keywords) -> list[str]:
    """The papers a folded title cites by number: by its code ("45/kh-pgddt"), or a resolution by its
    number and year ("56/2017/qh14") unless that number is one of the report's own ("NQ121" for
    "121/2020/qh14", when the keywords name the resolution without its year)."""
    own = {n for k in keywords.naming.keywords for n in re.findall(r"\d+", k)}
    return [
        *_CITED.findall(title),
        *(m.group(0) for m in _CITED_WITH_YEAR.finditer(title) if m.group(1) not in own),
    ]


def _answers_the_report(document: Document, keywords: Keywords) -> bool:
    """A paper naming the report (Keywords.naming) in one sentence of its text answers it all the same:
    its title cites a paper by number and a sentence citing that paper names the report ("Kết quả thực
    hiện Kế hoạch số 45/KH-PGDĐT" over "Căn cứ Kế hoạch số 45/KH-PGDĐT … về triển khai thực hiện Nghị quyết
    số 121/2020/QH14"), or its title states the report's topic and cites no paper, and its basis names the
    report. A report on another paper ("Chỉ thị 20-CT/TW về tăng cường phòng, chống xâm hại trẻ em") that
    cites the resolution beside it, or a year-end summary with a section on it, does not."""
    naming = keywords.naming
    title = fold(document.header.title or "")
    if _NAMES_A_LAW.search(title):
        return False  # a directive, a law, a decree is never what carries the resolution out
    cited = _papers_cited(title, keywords)
    if cited:
        # The sentences after the title: a title ends with no full stop, so the first sentence of the text
        # would join it to the basis under it and cite both papers.
        after_title = "\n".join(document.text.splitlines()[body_start(document.text) :])
        return any(
            naming.count(sentence) and any(paper in fold(sentence) for paper in cited)
            for sentence in SENTENCE_END.split(after_title)
        )
    return bool(keywords.count(title)) and bool(naming.count(_basis(document)))


def _basis(document: Document) -> str:
    """The text a paper opens with between its title (and "Kính gửi") and its first numbered part: the
    basis it states ("Căn cứ …", "Thực hiện Kế hoạch số … về …", or a part of its own, "I. CĂN CỨ"), which
    says what it answers."""
    lines = []
    for line in document.text.splitlines()[body_start(document.text) :][:_BASIS_LINES]:
        folded = fold(line)
        if _NUMBERED_PART.match(folded) and not _BASIS_HEADING.search(folded):
            break
        lines.append(line)
    return "\n".join(lines)


def _report_follows(document: Document, keywords: Keywords) -> bool:
    """A page after the first starts a BÁO CÁO of its own, dated in a year, whose title names the report:
    the school scanned or printed its cover letter (công văn) and the report into one file, or typed its
    plan and then the report into one Word file, which has no pages (later_papers). A blank form of the
    report annexed to the office's request ("…, ngày … tháng … năm 20…") states no year."""
    later = [p.text for p in document.pages[1:]] if len(document.pages) > 1 else later_papers(document.text)
    for text in later:
        header = extract_header(text)
        if header.kind is None or fold(header.kind) != _KIND_REPORT or header.year is None:
            continue
        if header.title and keywords.count(header.title):
            return True
    return False


# A paper holding only a report's signing block ("Nơi nhận", the principal's title, signature, seal and
# name) has at most this many words: the signed last page, photographed and sent beside the report.
_SIGNING_PAGE_WORDS = 80
# A paper that only names the report (_names_it_only), a letter sending it or its signing page, has at
# most this many words.
_NAMING_ONLY_WORDS = 150


def _continues(document: Document, report: ReportConfig) -> bool:
    """A paper with no header of its own that holds some of the report's sections, or only its signing
    block: the next or the last page of a report whose first page came as another file."""
    if not _headless(document):
        return False
    return bool(_sections(document.text, report.sections).found) or signing_only(document)


def signing_only(document: Document) -> bool:
    """A paper with no header holding only a signing block (_SIGNING_PAGE_WORDS): how well OCR read its
    scribble and seal says nothing of how the report was read."""
    signed = document.header.signer_name or document.header.signer_role
    return _headless(document) and bool(signed) and len(document.text.split()) <= _SIGNING_PAGE_WORDS


def _headless(document: Document) -> bool:
    """A file (not the mail's text) whose paper has no header of its own: a page of another's."""
    header = document.header
    return not (header.kind or header.issuer or header.parent_body or document.name == BODY_NAME)


def unread_scans(documents: Sequence[Document], report: ReportConfig) -> tuple[Document, ...]:
    """The scans among documents taken for the report only because OCR read them too poorly to say what
    they are (_hard_to_read): nothing of the report was read in them, so only a person can tell whether
    they hold it."""
    keywords = Keywords(report.keywords)
    return tuple(d for d in _hard_to_read(documents) if not _has_content(d, report, keywords))


def _has_content(document: Document, report: ReportConfig, keywords: Keywords) -> bool:
    """A paper without a header holds some of the report: one of its sections, or text naming it that
    states some of it (_names_it_only). A scan of the signature page alone ("Nơi nhận: …") holds none,
    though its closing sentence names the report."""
    if _sections(document.text, report.sections).found:
        return True
    return keywords.count(document.text) > 0 and not _names_it_only(document, report)


def _names_it_only(document: Document, report: ReportConfig) -> bool:
    """A paper naming the report that holds none of its sections and states none of its key figures: the
    signing page scanned alone, whose closing sentence names it ("Trên đây là báo cáo kết quả thực hiện
    Nghị quyết 121/2020/QH14 …"), or a school's cover letter whose "V/v" line OCR misread, left in the
    copier on top of another school's report ("… kính gửi Phòng báo cáo kết quả thực hiện Nghị quyết số
    121/2020/QH14 … (đính kèm báo cáo)"). Either was counted as the report, every section missing. Such a
    paper is a few lines (_NAMING_ONLY_WORDS): a longer one is taken for the report's own text, whatever
    its headings. Of a report configured with neither sections nor figures nothing tells."""
    if not (report.sections or report.figures) or len(document.text.split()) > _NAMING_ONLY_WORDS:
        return False
    if _sections(document.text, report.sections).found or _typed_sections(document.text, report):
        return False
    return not _key_figures(document, report)


def _only_the_form(document: Document, report: ReportConfig) -> bool:
    """A BÁO CÁO holding its header, title, addressee and signature but no content (see _FORM_WORDS), or
    holding the form's guidance with its blanks left unfilled (_FORM_BLANKS).
    Text read from pictures is judged by its blanks only (_unfilled): a table pasted in as a
    picture after the signature has no layout to go by. A paper stating one of the report's key figures
    ("bổ sung số liệu: ... 660 lượt") has content, however short."""
    school_year = own_school_year(document)
    if _unfilled(document) and not any(
        f.value for f in find_figures(document.text, report.figures, school_year=school_year)
    ):
        return True
    if document.method in ("ocr", "mixed"):
        return False
    if _outline(document, report) and not find_figures(
        document.text, report.figures, school_year=school_year
    ):
        return True
    words = 0  # counted first: it settles almost every report at the cost of one pass over its lines
    for line in document.text.splitlines()[body_start(document.text) :]:
        folded = fold(line)
        if COPIES_HEADING.match(folded) or role_in_line(line):
            break
        if not _ADDRESSEE.match(folded):
            words += len(_TEXT_WORD.findall(line))
        if words >= _FORM_WORDS:
            return False
    return not _sections(document.text, report.sections).found and not find_figures(
        document.text, report.figures, school_year=school_year
    )


def _outline(document: Document, report: ReportConfig) -> bool:
    """The report's outline (đề cương) or form: its headings, at least two of its sections, with nothing
    written under any (_written), and no more than its title, addressee and basis before them
    (_OUTLINE_LEAD_WORDS). A heading alone found is no section written."""
    found = _sections(document.text, report.sections).found
    if (
        not found
        or len(found) < min(_BODY_REPORT_SECTIONS, len(report.sections))
        or any(map(_written, found))
    ):
        return False
    lines = document.text.splitlines()[body_start(document.text) :]
    first = next((i for i, line in enumerate(lines) if line.strip().startswith(found[0].heading)), len(lines))
    lead = [
        line for line in lines[:first] if not (_UNWRITTEN.fullmatch(line) or _FORM_LEAD.match(fold(line)))
    ]
    return sum(len(_TEXT_WORD.findall(line)) for line in lead) < _OUTLINE_LEAD_WORDS


def _written(section: Section) -> bool:
    """Something is written under a section's heading: a line that is not the form's (_UNWRITTEN)."""
    return any(not _UNWRITTEN.fullmatch(line) for line in section.text.splitlines())


def _blanks(text: str) -> int:
    """How many blanks (_BLANK_DOTS) a text leaves for figures to be written in."""
    return sum(len(run) + 2 * run.count("…") + run.count("_") >= _BLANK_DOTS for run in _BLANK.findall(text))


def _unfilled(document: Document) -> bool:
    """A document leaves its form's blanks (_FORM_BLANKS); text read from a scan its fewer blanks OCR kept
    (_FORM_BLANKS_SCANNED), a leader it read as marks and letters one (_OCR_LEADER)."""
    if document.method not in ("ocr", "mixed"):
        return _blanks(document.text) >= _FORM_BLANKS
    return _blanks(_OCR_LEADER.sub("....", fold(document.text))) >= _FORM_BLANKS_SCANNED


def _annexed(document: Document) -> str:
    """What a school that sent an annex alone, with no report of the season before it, is told."""
    return (
        f"Tệp {document.name} là phụ lục («{_annex(document)}»), không phải báo cáo. Nếu trường chưa gửi báo "
        "cáo, đề nghị trường gửi báo cáo đầy đủ; phụ lục gửi kèm theo báo cáo."
    )


def _empty_form(document: Document, report: ReportConfig) -> str:
    if _annex(document) is not None:
        return _annexed(document)
    if _unfilled(document):
        return (
            f"Tệp {document.name} là mẫu báo cáo chưa điền: các số liệu còn để trống («......»). Có thể "
            "trường gửi nhầm tệp mẫu. Đề nghị trường gửi lại bản báo cáo đã điền đầy đủ."
        )
    if _outline(document, report):
        return (
            f"Tệp {document.name} là mẫu (đề cương) báo cáo chưa điền: chỉ có các đề mục, chưa có nội dung "
            "dưới đề mục nào. Có thể trường gửi nhầm tệp mẫu. Đề nghị trường gửi lại bản báo cáo đã điền "
            "đầy đủ."
        )
    return (
        f"Tệp {document.name} chỉ có phần đầu văn bản, tiêu đề và phần ký của báo cáo, không có nội dung "
        "báo cáo (có thể trường gửi nhầm tệp mẫu). Đề nghị trường gửi lại bản báo cáo đầy đủ."
    )


def _sends_the_report(document: Document, keywords: Keywords) -> bool:
    """A cover letter that says it sends the report ("Công văn V/v gửi báo cáo … Nghị quyết 121")."""
    title = document.header.title or ""
    kind = fold(document.header.kind or "")
    return kind == "cong van" and bool(_SENDS.search(fold(title))) and keywords.count(title) > 0


def _reports_as_a_letter(document: Document, report: ReportConfig, keywords: Keywords) -> bool:
    """A letter (công văn) whose trích yếu names the report ("V/v báo cáo kết quả thực hiện Nghị quyết
    121 …", "V/v gửi báo cáo …") and whose text is the report itself: its sections written out under it, as
    _body_is_report asks of a mail's text. Many schools lay their report out so; a cover letter sending
    the report as another file holds a line or two, not the report's parts. Only a school's letter: the
    office's request, sent back, names the report and lists its parts too."""
    header = document.header
    if fold(header.kind or "") != "cong van" or not keywords.naming.count(header.title or ""):
        return False
    if not re.search(r"\bbao cao\b", fold(header.title or "")) or not re.search(
        r"\btruong\b", fold(header.issuer or "")
    ):
        return False  # the office's own request ("V/v báo cáo …", listing what to report) sent back is none
    # A part written, not a form's heading over its blank ("II. Kết quả thực hiện\n…").
    found = [
        s for s in _sections(document.text, report.sections).found if len(_TEXT_WORD.findall(s.text)) > 3
    ]
    return len(found) >= min(_BODY_REPORT_SECTIONS, len(report.sections)) and (
        len(document.text) >= _BODY_REPORT_CHARS
    )


def _office_issued(document: Document) -> bool:
    """The paper's header says an administrative body issued it (the Department, a People's Committee,
    a commune's office), not a school: by its issuer line, or by its one line and its signer."""
    header = document.header
    issuer = fold(header.issuer or "")
    if not issuer:
        # A one-line letterhead ("UBND XÃ MỸ AN") is read as the parent body: the body's own paper when
        # it signs for the body, a school's report on the commune's letterhead when the principal signs.
        return bool(
            _OFFICE_ISSUER.match(fold(header.parent_body or ""))
            and _SIGNS_FOR_AN_OFFICE.search(fold(header.signer_role or ""))
        )
    if re.search(r"\btruong\b", issuer) or find_mentions(header.issuer or ""):
        return False  # a school's name follows the office's lines ("… HUYỆN THỦ THỪA MG BÌNH THẠNH")
    if _PLACE_ISSUER.match(issuer):
        return bool(_COMMITTEE.match(fold(header.parent_body or "")))
    if _ORGAN.match(issuer):
        return bool(_OFFICE_ISSUER.match(fold(header.parent_body or "")))
    return bool(_OFFICE_ISSUER.match(issuer))


def _issuer(document: Document) -> str:
    """The body that issued a paper (_office_issued), as its header names it."""
    header = document.header
    issuer = header.issuer or header.parent_body or ""
    if header.parent_body and re.match(r"(?:xa|phuong|huyen|quan|tinh|thi)\s", fold(issuer)):
        return f"{header.parent_body} {issuer}"  # "ỦY BAN NHÂN DÂN" over "XÃ MỸ AN"
    if header.parent_body and re.fullmatch(_ORGAN.pattern, fold(issuer)):
        return f"{issuer} {header.parent_body}"  # "BAN THƯỜNG TRỰC" of "UB MTTQ VIỆT NAM XÃ MỸ AN"
    return issuer


def _other_paper(document: Document) -> bool:
    """A paper whose header, or first lines (_typed_kind), say what it is: once it is not the report, it
    is another paper."""
    return bool(document.header.kind or _typed_kind(document))


def _annex(document: Document) -> str | None:
    """The title of a paper that opens as an annex to another ("PHỤ LỤC SỐ LIỆU AN TOÀN GIAO THÔNG"): the
    report's figures, sent beside it or after it, not the report nor its blank form. An annex whose blanks
    are not filled in (the office's form, often itself an annex to its letter) is the form (_unfilled)."""
    if _unfilled(document):
        return None
    lines = [line.strip() for line in document.text[:2000].splitlines() if line.strip()]
    opening = [line for line in lines if not _letterhead(line, document)][:_OPENING_LINES]
    return next((line for line in opening if _ANNEX.match(fold(line))), None)


def _letterhead(line: str, document: Document) -> bool:
    """A line of the letterhead a paper opens with (_LETTERHEAD, or a line of the body issuing it as its
    header names it), above what the paper says it is: a PDF annex sets its «PHỤ LỤC» under the school's
    name and the national motto."""
    folded = fold(line)
    if _ANNEX.match(folded):
        return False
    issued_by = fold(f"{document.header.parent_body or ''}\n{document.header.issuer or ''}")
    return bool(_LETTERHEAD.match(folded)) or folded in issued_by


def _typed_kind(document: Document) -> str | None:
    """The first line of a paper without a header that names another kind of paper than a report
    (_OPENING_KIND): "Giấy mời tập huấn công tác y tế trường học năm học 2021-2022"."""
    if document.header.kind:
        return None
    lines = [line.strip() for line in document.text[:2000].splitlines() if line.strip()]
    for line in lines[:_OPENING_LINES]:
        if _ANNEX.match(fold(line)):
            return None
        kind = _OPENING_KIND.match(fold(line))
        if kind:
            return None if kind.group(1) == _KIND_REPORT else line
    return None


def _paper_title(document: Document) -> str:
    """What another paper says it is: its header's kind and title, or the first line naming its kind."""
    header = document.header
    return " ".join(x for x in (header.kind, header.title) if x) or _typed_kind(document) or ""


def _not_a_report(
    mail: Mail, documents: Sequence[Document], failures: Sequence[Failure], verdicts: Sequence[_Verdict]
) -> str:
    attached = [d for d in documents if d.name != BODY_NAME]  # the mail's own text is no paper sent with it
    if any(_activity_photos(mail, attached, failures, v.report) for v in verdicts):
        return (
            "Thư chỉ gửi hình ảnh hoạt động (minh chứng), không phải văn bản báo cáo; trường vẫn cần gửi báo "
            "cáo."
        )
    links = [] if _sends_files(mail) else _links(mail)
    kind = _names_another_paper(mail, links) if links else ""
    if kind:
        return f"Thư gửi đường dẫn tới {kind} ({links[0]}), không phải báo cáo cần thu."
    kind = "" if _sends_files(mail) or links else _names_another_paper(mail)
    if kind:
        return f"Thư gửi {kind} (không kèm tệp nào), không phải báo cáo cần thu."
    if not _sends_files(mail) and not links and _FORM_LINK.search(mail.own_body):
        return (
            "Thư có đường dẫn tới biểu mẫu trực tuyến (Google Forms, Microsoft Forms), không phải tệp báo cáo "
            "cần thu."
        )
    others = [d for d in attached if _other_paper(d)]
    if others:
        paper = _paper_title(others[0])
        if _office_issued(others[0]):
            return f"Văn bản đính kèm «{paper}» là văn bản của {_issuer(others[0])}, không phải báo cáo của trường."
        if any(v.hits for v in verdicts):
            return f"Thư nhắc đến báo cáo cần thu nhưng văn bản đính kèm là «{paper}», không phải báo cáo đó."
        return f"Văn bản đính kèm là «{paper}», không phải báo cáo cần thu."
    if any(v.hits for v in verdicts) and not attached:
        return "Thư nhắc đến báo cáo nhưng không kèm văn bản báo cáo nào."
    return "Không phải báo cáo cần thu: thư và tệp đính kèm không nhắc đến báo cáo nào đang thu."


def _unnamed_form(documents: Sequence[Document]) -> Document | None:
    """The first of the report's papers when every one of them keeps the form's blank where the school's
    name goes ("TRƯỜNG ............", names.blank_name): the office's template with its sample text, sent
    back or passed on, whose figures are no school's; None when any paper names its school or has no header."""
    if not documents or not all(d.header.issuer and blank_name(d.header.issuer) for d in documents):
        return None
    return documents[0]


def _forwarded_old_report(
    mail: Mail, documents: Sequence[Document], report: ReportConfig, received_at: dt.datetime, config: Config
) -> int | None:
    """The earlier season a forward's subject names ("Fwd: Báo cáo NQ121 năm 2025" in October 2026) when
    the report it carries is the text it forwards, stating no year or date of its own: last year's report
    forwarded again as proof, or this year's sent on the old thread. None otherwise (a report the
    forwarder wrote above the forwarded mail, or a file, is read as any report is)."""
    if not FORWARD_SUBJECT.match(fold(mail.subject)):
        return None
    note = mail.forwarder_text
    if note is None or _sections(note, report.sections).found:
        return None
    # The forwarded mail's own date line ("Date: Tue, Oct 20, 2020", "Ngày: 20 thg 10, 2020"), for the
    # files it carries; the subject's year for a report forwarded in the body.
    sent = forwarded.date_line(mail)
    stated = years_written(sent, report) if sent is not None else []
    if any(d.name == BODY_NAME for d in documents):
        stated += years_written(mail.subject, report)
    return _earlier_season(stated, mail, documents, report, received_at, config)


def _quoted_old_report(
    mail: Mail, documents: Sequence[Document], report: ReportConfig, received_at: dt.datetime, config: Config
) -> int | None:
    """The earlier season in which the sender's own mail that a reply quotes was sent (its reply mark: "Vào
    Th 2, 19 thg 10, 2020 …  đã viết:") when the report is that quote, stating no year or date of its own:
    last year's report quoted again under a few words, or this year's resent by answering the old mail.
    None otherwise (a report the reply itself holds, or a file, is read as any report is)."""
    if not mail.own_quote or _sections(mail.own_body, report.sections).found:
        return None
    if not any(d.name == BODY_NAME for d in documents):
        return None
    return _earlier_season(
        years_written(mail.own_quote_mark, report), mail, documents, report, received_at, config
    )


def _earlier_season(
    years: Sequence[int],
    mail: Mail,
    documents: Sequence[Document],
    report: ReportConfig,
    received_at: dt.datetime,
    config: Config,
) -> int | None:
    """The first of years (as written around the report: a forward's date line, a reply's mark) that is
    one of the two seasons before the one received_at falls in, when no document states a year of its
    own; None otherwise."""
    if any(stated_year(d, mail, received_at, report, config) is not None for d in documents):
        return None
    season = running_season(report, received_at, config) or season_of(report, received_at, config)
    said = [y for y in years if season - 2 <= y < season]
    return said[0] if said else None
