"""A change the page could not make, as the clerk reads it: «Chưa ghi được: …», one sentence ending with
its stop, the database's own trouble in the page's words rather than the command line's."""

from __future__ import annotations

from kernel.errors import BaocaoError, DatabaseBusyError, DatabaseUnusableError

# The command line names the database's file and says to run the command again (kernel.store._unusable):
# neither means anything to a clerk at the page, who can only wait or call whoever runs the server.
BUSY = (
    "dữ liệu đang bận (một chương trình khác trên máy chủ đang giữ cơ sở dữ liệu, chẳng hạn khi sao lưu). "
    "Chưa có gì bị mất: thử lại sau ít phút."
)
UNUSABLE = (
    "cơ sở dữ liệu trên máy chủ tạm thời không ghi được (ổ đĩa đầy hoặc chỉ cho đọc, hay máy chủ cơ sở dữ "
    "liệu không trả lời). Báo người quản trị máy chủ, rồi thử lại."
)


def refusal(not_done: str, error: BaocaoError) -> str:
    """not_done («Chưa ghi được», «Chưa gán được») and why, ending with one stop."""
    if isinstance(error, DatabaseBusyError):
        said = BUSY
    elif isinstance(error, DatabaseUnusableError):
        said = UNUSABLE
    else:
        said = str(error)
    return f"{not_done}: {said}" + ("" if said.endswith((".", "?", "!")) else ".")
