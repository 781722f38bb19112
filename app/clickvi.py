"""click's own words (help, usage, errors) in Vietnamese, like everything else staff read.

click marks its messages for gettext but ships no catalogue; installing one would depend on the
machine's locale. Its modules call the names `_` and `ngettext` bound at import, so those are
rebound to this catalogue, once, when the CLI is imported. A message missing here stays English,
and tests/test_cli_messages.py fails.
"""

from __future__ import annotations

import re

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types

MESSAGES = {
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Tham số",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Xem hướng dẫn: {command} {option}",
    "No such command {name!r}.": "Không có lệnh «{name}».",
    "No such option {name!r}.": "Không có tùy chọn «{name}».",
    "Missing command.": "Thiếu tên lệnh.",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Missing {param_type}": "Thiếu {param_type}",
    "argument": "tham số",
    "option": "tùy chọn",
    "parameter": "tham số",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Option {name!r} does not take a value.": "Tùy chọn «{name}» không nhận giá trị.",
    "Argument {name!r} takes {nargs} values.": "Tham số «{name}» cần {nargs} giá trị.",
    "Aborted!": "Đã dừng.",
    "Do you want to continue?": "Tiếp tục?",
    "Confirm the action without prompting.": "Xác nhận luôn, không hỏi lại.",
    "Repeat for confirmation": "Nhập lại để xác nhận",
    "Error: The two entered values do not match.": "Lỗi: hai lần nhập không khớp nhau.",
    "Error: invalid input": "Lỗi: giá trị không hợp lệ",
    "Press any key to continue...": "Nhấn phím bất kỳ để tiếp tục...",
    "default: {default}": "mặc định: {default}",
    "env var: {var}": "biến môi trường: {var}",
    "required": "bắt buộc",
    "deprecated": "không còn dùng",
    "(dynamic)": "(tự tính)",
    "Choose from:\n\t{choices}": "Chọn một trong:\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "«{value}» không phải một số hợp lệ.",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng {range}.",
    "{value!r} is not a valid UUID.": "«{value}» không phải UUID hợp lệ.",
    "{value!r} is not a valid boolean.": "«{value}» không phải giá trị đúng/sai hợp lệ.",
    "{name} {filename!r} does not exist.": "«{filename}» không tồn tại.",
    "{name} {filename!r} is a file.": "«{filename}» là một tệp, không phải thư mục.",
    "{name} {filename!r} is a directory.": "«{filename}» là một thư mục, không phải tệp.",
    "{name} {filename!r} is not readable.": "Không đọc được «{filename}».",
    "{name} {filename!r} is not writable.": "Không ghi được vào «{filename}».",
    "{name} {filename!r} is not executable.": "«{filename}» không chạy được.",
    "Could not open file {filename!r}: {message}": "Không mở được tệp «{filename}»: {message}",
    "file": "tệp",
    "directory": "thư mục",
    "path": "đường dẫn",
    "Value must be an iterable.": "Giá trị phải là một danh sách.",
    "unknown error": "lỗi không rõ",
    "Invalid start character for option ({option})": "Ký tự đầu không hợp lệ cho tùy chọn ({option})",
    "Name '{name}' defined twice": "Tên «{name}» được khai báo hai lần",
}

PLURALS = {
    "Got unexpected extra argument ({args})": "Thừa tham số ({args})",
    "Got unexpected extra arguments ({args})": "Thừa tham số ({args})",
    "Did you mean {possibility}?": "Có phải ý bạn là {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Có phải ý bạn là một trong: {possibilities}?)",
    "Option {name!r} requires an argument.": "Tùy chọn «{name}» cần một giá trị.",
    "Option {name!r} requires {nargs} arguments.": "Tùy chọn «{name}» cần {nargs} giá trị.",
    "{value!r} is not {choice}.": "«{value}» không phải {choice}.",
    "{value!r} is not one of {choices}.": "«{value}» không phải một trong {choices}.",
    "{value!r} does not match the format {format}.": "«{value}» không đúng dạng {format}.",
    "{value!r} does not match the formats {formats}.": "«{value}» không đúng dạng nào trong {formats}.",
    "Takes {nargs} values but 1 was given.": "Cần {nargs} giá trị nhưng chỉ có 1.",
    "Takes {nargs} values but {len} were given.": "Cần {nargs} giá trị nhưng có {len}.",
    "{len_type} values are required, but {len_value} was given.": "Cần {len_type} giá trị, nhưng có {len_value}.",
    "{len_type} values are required, but {len_value} were given.": "Cần {len_type} giá trị, nhưng có {len_value}.",
}


OPTIONS_METAVAR = "[TÙY_CHỌN]"
SUBCOMMAND_METAVAR = "LỆNH [THAM_SỐ]..."


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    chosen = singular if n == 1 else plural
    return PLURALS.get(chosen, chosen)


def install() -> None:
    """Rebind click's message functions to the Vietnamese catalogue."""
    for module in (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.termui,
        click.types,
    ):
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


# Where the first clause of a command's help ends: what the list of commands shows of it.
_CLAUSE_END = re.compile(r":|;|\.(?:\s|$)| \(")


def short_help(help_text: str | None, limit: int) -> str | None:
    """The first clause of a command's help («Gán một thư cho một trường»), for the list of commands,
    when it fits in limit; None otherwise. click cuts the first sentence at a word, and a Vietnamese word
    is one syllable of several («sáp...» for «sáp nhập»)."""
    first = " ".join((help_text or "").split("\n\n")[0].split())
    clause = _CLAUSE_END.split(first, maxsplit=1)[0].strip()
    return clause if clause and len(clause) <= limit else None
