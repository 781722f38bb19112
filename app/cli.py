"""The baocao command line: thin click commands over the library; messages for staff in Vietnamese."""

from __future__ import annotations

import atexit
import datetime as dt
import gc
import getpass
import logging
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from app import clickvi, stopping
from app.web.roles import ROLE_LABELS, Role
from kernel.errors import BaocaoError, ConfigError, write_problem
from scheduler.outgoing import OutboxState

# Each command imports what it needs inside its function: `baocao --help` and `baocao status` must not
# pay for the parsers, the mail stack, the web server or the document writers.
if TYPE_CHECKING:
    from intake import poller
    from intake.pipeline import Outcome, Tally
    from intake.review import Withdrawn
    from intake.sources import LocalMessage
    from kernel import config as config_mod
    from kernel import decisions as decisions_mod
    from kernel import machines as machines_mod
    from kernel.audit import AuditEntry
    from kernel.runtime import Runtime
    from kernel.status import SchoolStatus
    from scheduler import jobs as scheduler_jobs

clickvi.install()  # click's own help and error words in Vietnamese, before any command is built

# At exit the interpreter runs full collections while it unloads the modules; what is alive then is the
# program itself (SQLAlchemy, our modules and tables), which they walk for nothing: frozen first, they
# leave it alone (0.04 s of `baocao status`).
atexit.register(gc.freeze)


class Context:
    """What every command gets: the loaded config, opened lazily so --help never needs a file, and
    the clock (the real one, unless the caller passes another as click's obj)."""

    def __init__(
        self,
        path: Path | None,
        clock: Callable[[], dt.datetime] | None = None,
        *,
        collector_paused: bool = False,
    ) -> None:
        self.path = path
        self._clock = clock
        self._config: config_mod.Config | None = None
        # The garbage collector was turned off for the command's start (BaocaoGroup.make_context).
        self._collector_paused = collector_paused

    def started(self) -> None:
        """The command has what it needs loaded: the garbage collector runs again (a long command, such
        as serve or worker, collects as usual)."""
        if self._collector_paused:
            self._collector_paused = False
            gc.enable()

    @property
    def clock(self) -> Callable[[], dt.datetime]:
        if self._clock is None:
            from kernel.runtime import utc_now

            self._clock = utc_now
        return self._clock

    @property
    def config(self) -> config_mod.Config:
        if self._config is None:
            from kernel import config as config_mod

            self._config = config_mod.load(self.path)
        return self._config

    def runtime(self, *, reading: bool = False) -> Runtime:
        """Open the database and archive named by the config (the caller closes it); reading: for a command
        that only reads, which reads a database on a disk gone read-only too."""
        from kernel.runtime import Runtime

        opened = Runtime.open(self.config, self.clock, reading=reading)
        self.started()
        return opened


pass_ctx = click.make_pass_decorator(Context)


def _staff_names(config: config_mod.Config) -> dict[str, str]:
    """Whose staff a mail to staff is for, for listings that name them: each collecting unit's name by
    its id, and the office's under "" («phòng» for a district's, else its name: «UBND xã Mỹ An»)."""
    from kernel.units import we

    office = we(config.district.name)
    return {"": "phòng" if office == "Phòng" else office, **{u.id: u.name for u in config.units}}


def _unit_name(ctx: Context, unit: str | None) -> str:
    """The name of the unit a listing was narrowed to (--unit), "" for the whole office's."""
    return ctx.config.unit(unit).name if unit is not None else ""


def _actor() -> str:
    """How the audit log names a change made from the command line: the system account behind it."""
    try:
        return f"{getpass.getuser()} (dòng lệnh)"
    except (KeyError, OSError):  # no user name in the environment or the password database
        return "dòng lệnh"


class StaffError(click.ClickException):
    """A domain error shown to staff as one Vietnamese line, exit code 1."""

    def show(self, file: object = None) -> None:
        click.echo(f"Lỗi: {self.format_message()}", err=True)


class BaocaoCommand(click.Command):
    """A command whose usage line is Vietnamese too ("Cách dùng: baocao status [TÙY_CHỌN]"), listed by
    the first clause of its help.

    stops_cleanly: the command takes SIGTERM and Ctrl-C as a stop (app.stopping.handled_by), one kept while
    the program started included; any other command gets them back as they were before it starts."""

    def __init__(self, *args: object, stops_cleanly: bool = False, **kwargs: object) -> None:
        kwargs.setdefault("options_metavar", clickvi.OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.stops_cleanly = stops_cleanly

    def invoke(self, ctx: click.Context) -> Any:
        if not self.stops_cleanly:
            stopping.release()
        return super().invoke(ctx)

    def get_short_help_str(self, limit: int = 45) -> str:
        if self.short_help:
            return self.short_help
        return clickvi.short_help(self.help, limit) or super().get_short_help_str(limit)


_COLLECTOR_PAUSED = "baocao.collector_paused"  # ctx.meta: whether make_context turned the collector off


class BaocaoGroup(click.Group):
    """Turns every BaocaoError into a one-line message and exit code 1, never a traceback.

    --config is accepted before or after the command name (baocao status --config x.toml).
    """

    command_class = BaocaoCommand

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("options_metavar", clickvi.OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", clickvi.SUBCOMMAND_METAVAR)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def get_short_help_str(self, limit: int = 45) -> str:
        if self.short_help:
            return self.short_help
        return clickvi.short_help(self.help, limit) or super().get_short_help_str(limit)

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        """The command's context, read with the garbage collector off. Starting (importing SQLAlchemy and
        our modules, reading the config, opening the database) makes tens of thousands of objects that
        live as long as the process and no garbage; the collector's passes over them cost `baocao status`
        0.04 s. It is back on once the runtime is open, or when the command ends (Context.started), or
        at once when reading the command line ends it (--help, a mistake)."""
        paused = gc.isenabled()
        gc.disable()
        try:
            ctx = super().make_context(info_name, args, parent, **extra)
        except BaseException:
            if paused:
                gc.enable()
            raise
        ctx.meta[_COLLECTOR_PAUSED] = paused
        return ctx

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        moved: list[str] = []
        rest: list[str] = []
        it = iter(args)
        for arg in it:
            if arg == "--":
                rest.append(arg)
                rest.extend(it)
            elif arg == "--config":
                moved.extend([arg, next(it, "")])
            elif arg.startswith("--config="):
                moved.append(arg)
            else:
                rest.append(arg)
        return super().parse_args(ctx, moved + rest)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().main(*args, **kwargs)
        finally:  # the command line read ended it (--help, a mistake) before any command took the signals
            stopping.release()

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BaocaoError as e:
            from intake.errors import PassingError

            # A command run here is not retried: a server away for now is told to run it again.
            raise StaffError(e.again() if isinstance(e, PassingError) else str(e)) from e


BaocaoGroup.group_class = BaocaoGroup


class _OfficeTime(logging.Formatter):
    """Log lines stamped in Vietnam's time, as every time the office reads (a config's zone is UTC+07:00,
    kernel.config), whatever zone the host is set to: a server kept in UTC would stamp them 7 hours off."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        from zoneinfo import ZoneInfo

        stamped = dt.datetime.fromtimestamp(record.created, ZoneInfo("Asia/Ho_Chi_Minh"))
        return stamped.isoformat(" ", "seconds")


@click.group(cls=BaocaoGroup)
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    envvar="BAOCAO_CONFIG",
    default=None,
    help="Tệp cấu hình (mặc định ./config.toml hoặc biến môi trường BAOCAO_CONFIG).",
)
@click.option("-v", "--verbose", count=True, help="Ghi nhật ký chi tiết hơn (-v, -vv).")
@click.pass_context
def main(ctx: click.Context, config_path: Path | None, verbose: int) -> None:
    """baocao: thu nhận và theo dõi báo cáo các trường gửi về Phòng GD&ĐT, UBND xã qua thư điện tử."""
    level = logging.WARNING - 10 * verbose
    stamped = logging.StreamHandler()
    stamped.setFormatter(_OfficeTime("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=max(level, logging.DEBUG), handlers=[stamped])
    # mail-parser warns about every MIME part it leaves alone (delivery reports); that is not news.
    logging.getLogger("mailparser").setLevel(logging.ERROR if verbose < 2 else logging.DEBUG)
    # pyHanko warns with a traceback about every signature it cannot trust; the status says why.
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).setLevel(logging.ERROR if verbose < 2 else logging.DEBUG)
    # dkimpy logs, as an error in English, every signature whose key it cannot find; the sender check says
    # why in the mail's evidence.
    logging.getLogger("dkimpy").setLevel(logging.CRITICAL if verbose < 2 else logging.DEBUG)
    clock = ctx.obj if callable(ctx.obj) else None
    ctx.obj = Context(config_path, clock, collector_paused=ctx.meta.pop(_COLLECTOR_PAUSED, False))
    ctx.call_on_close(ctx.obj.started)


def _parse_moment(value: str, config: config_mod.Config, param: str, *, end_of_day: bool) -> dt.datetime:
    """Every date option reads a moment as the page reads a day (kernel.timefmt.parse_moment)."""
    from kernel.timefmt import DateError, parse_moment

    try:
        return parse_moment(value, config.district.timezone, end_of_day=end_of_day)
    except DateError as e:
        raise click.BadParameter(str(e), param_hint=param) from e


def _parse_day(value: str, param: str) -> dt.date:
    """A day option («--until», «--received»): a day, as the page reads one; a time typed with it is
    refused rather than dropped (an extension runs to the end of its day, whatever hour was meant)."""
    from kernel.timefmt import DateError, parse_day

    try:
        return parse_day(value)
    except DateError as e:
        if re.match(r"\s*\S+\s+\d{1,2}(?::\d{2}|h)", value):
            raise click.BadParameter(
                f"«{value.strip()}»: chỉ ghi ngày, không ghi giờ (tính đến hết ngày đó), ví dụ 05/11/2021",
                param_hint=param,
            ) from e
        raise click.BadParameter(str(e), param_hint=param) from e


class YearType(click.types.IntParamType):
    """A report year as staff type it: four digits, within the years baocao keeps."""

    name = "NĂM"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        from kernel.seasons import year_problem

        year: int = super().convert(value, param, ctx)
        problem = year_problem(year)
        if problem:
            self.fail(problem, param, ctx)
        return year


YEAR = YearType()


def _as_of(ctx: Context, value: str | None, rt: Runtime) -> dt.datetime:
    return _parse_moment(value, ctx.config, "--as-of", end_of_day=True) if value else rt.clock()


def _status_at(ctx: Context, value: str | None, rt: Runtime) -> dt.datetime:
    """The moment a status is read at: --as-of as given, else the present (status.present)."""
    from kernel import status as status_mod

    return _as_of(ctx, value, rt) if value else status_mod.present(rt.store, rt.clock())


FORMATS = ("table", "json", "csv")


def _echo(output: str | bytes) -> None:
    """Text for people and JSON as lines; CSV as the exact bytes (with its BOM)."""
    if isinstance(output, bytes):
        click.echo(output, nl=False)
    else:
        click.echo(output)


_AS_OF_HELP = (
    'Xem như tại thời điểm này: chỉ tính thư nhận đến lúc đó (ví dụ 2021-10-25 hoặc "25/10/2021 17:00").'
)


_UNIT_HELP = "Chỉ các trường do đơn vị này thu báo cáo (mã trong [[units]] của config.toml)."
_UNIT_MAIL_HELP = (
    "Chỉ thư liên quan đến đơn vị này (mã trong [[units]]): thư đến hộp thư của đơn vị, hoặc thư của "
    "các trường do đơn vị thu báo cáo; thư không rõ trường, không đến hộp thư của đơn vị nào chỉ hiện "
    "khi không ghi --unit."
)


def _status_command(name: str, only_missing: bool, doc: str) -> click.Command:
    @main.command(name, help=doc)
    @click.option(
        "--report",
        "report_id",
        metavar="MÃ_BÁO_CÁO",
        help="Mã báo cáo trong config.toml (mặc định: báo cáo đầu tiên).",
    )
    @click.option("--year", type=YEAR, help="Năm báo cáo (mặc định: đợt đang diễn ra hoặc gần nhất).")
    @click.option("--as-of", "as_of", metavar="NGÀY_GIỜ", help=_AS_OF_HELP)
    @click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
    @click.option("--unit", "unit", metavar="MÃ_ĐƠN_VỊ", help=_UNIT_HELP)
    @pass_ctx
    def command(
        ctx: Context, report_id: str | None, year: int | None, as_of: str | None, fmt: str, unit: str | None
    ) -> None:
        from app import views
        from kernel import deadlines
        from kernel import status as status_mod
        from scheduler.outbox import refusals_added

        with ctx.runtime(reading=True) as rt:
            deadlines.record_passed(ctx.config, rt.store, rt.clock())
            result = status_mod.load(ctx.config, rt.store, report_id, year, _status_at(ctx, as_of, rt), unit)
            result = refusals_added(rt.store, ctx.config, result)
            held = _unread_note(ctx, rt, as_of)
            refused = []
            rewritten: list[str] = []
            if fmt == "table":
                rewritten = deadlines.notes(
                    deadlines.changes(ctx.config, rt.store), result.report.id, result.year
                )
            reread = ""
            if fmt == "table" and not as_of:  # said under the table, of today
                from kernel import machines
                from scheduler.outbox import refused_staff

                refused = refused_staff(ctx.config, rt.store, rt.clock())
                reread = machines.reread_note(rt.store, ctx.config)
        if fmt == "csv":
            click.echo(views.as_csv(result, ctx.config, only_missing=only_missing), nl=False)
        elif fmt == "json":
            click.echo(views.as_json(result, ctx.config, held, only_missing=only_missing))
        else:
            click.echo(views.table(result, ctx.config, only_missing=only_missing))
            if held:
                click.echo(f"\nLưu ý: {held}; tình trạng trên có thể chưa tính thư mới nhất.")
            for one in refused:
                click.echo(
                    f"\nLưu ý: {one.in_words(ctx.config.district.timezone)}; sửa địa chỉ trong {one.setting}."
                )
            for note in rewritten:
                click.echo(f"\nLưu ý: {note}")
            if reread:
                click.echo(f"\n{reread}")

    return command


def _unread_note(ctx: Context, rt: Runtime, as_of: str | None) -> str:
    """The mailboxes not read lately, in words (freshness.held_reason): the present status, and a draft
    made from it, is only as current as their last complete read. "" for a moment past (--as-of)."""
    from kernel import freshness

    if as_of:
        return ""
    stale = freshness.stale_mailboxes(ctx.config, rt.store, rt.clock())
    return freshness.held_reason(stale, ctx.config.district.timezone)


_status_command(
    "status",
    False,
    """Tình trạng nộp báo cáo của từng trường: đã nộp, nộp muộn, chưa nộp, phần còn thiếu.

    \b
    Ví dụ: baocao status --year 2021 --format csv > tinh-trang-2021.csv
    """,
)
_status_command(
    "missing",
    True,
    """Danh sách các trường chưa nộp báo cáo: kèm địa chỉ thư để liên hệ.

    \b
    Ví dụ: baocao missing --report nq121 --year 2021
    """,
)


@main.command("import", short_help="Nhập thư từ Maildir, tệp mbox hoặc tệp .eml")
@click.argument("path", metavar="ĐƯỜNG_DẪN", type=click.Path(exists=True, path_type=Path))
@pass_ctx
def import_(ctx: Context, path: Path) -> None:
    """Nhập thư từ thư mục Maildir, tệp mbox hoặc thư mục chứa tệp .eml (thư xuất từ webmail).

    Mỗi thư được lưu trữ rồi xử lý như thư nhận qua IMAP; nhập lại nhiều lần không tạo bản ghi trùng.

    \b
    Ví dụ: baocao import ~/thu-xuat/hop-thu.mbox
    """
    from app.progress import progress
    from intake import sources
    from intake.pipeline import Tally
    from kernel import machines

    tally = Tally()
    export = sources.open_export(path)
    total = len(export)
    done = 0
    cut: list[Path] = []
    try:
        with ctx.runtime() as rt, progress("Đang nhập thư") as report:
            machines.agree(rt.store, rt.config)
            limit_mb = rt.config.max_message_mb
            for item in sources.iter_messages(export, rt.config.district.timezone, limit_mb * 1024 * 1024):
                if item.cut is not None:  # the clerk's copy is incomplete, not the school's mail
                    cut.append(item.cut)
                else:
                    tally.add(_import_one(rt, item, limit_mb))
                done += 1
                report(done, total)
            tally.recount(rt.store)
    except KeyboardInterrupt:  # Ctrl-C: what is in, and that the same command finishes the job
        click.echo(tally.line())
        click.echo(
            f"Dừng khi đã nhập {done}/{total} thư. Chạy lại đúng lệnh này để nhập tiếp: thư đã nhập được bỏ "
            "qua, không ghi trùng."
        )
        raise
    click.echo(tally.line())
    for note in (*export.notes, *([sources.cut_note(export, cut)] if cut else [])):
        click.echo(note)
    _fail_on_errors(tally)


def _import_one(rt: Runtime, item: LocalMessage, limit_mb: int) -> Outcome:
    """Record one imported message: a file over the size limit is archived in pieces and refused, never
    read whole."""
    from intake import pipeline

    if item.too_large is not None:
        return pipeline.ingest_too_large(
            rt, item.too_large, size=item.size, limit_mb=limit_mb, received_at=item.received_at
        )
    return pipeline.ingest(
        rt, item.raw, received_at=item.received_at, source=item.source, known_as=item.quoted_key
    )


def _fail_on_errors(tally: Tally) -> None:
    """Exit 1 when a message could not be processed (it is recorded, but the job is not done), or a
    recorded one could not be processed again because its original is gone from the archive or damaged. A recorded
    message that is empty is named with what to do, and fails nothing: no run can read it."""
    if tally.empty:
        click.echo(
            f"{tally.empty} thư rỗng (0 byte), nhập từ tệp rỗng, không có gì để xử lý lại: loại khỏi danh "
            "sách bằng baocao reject MÃ_THƯ (mã thư xem bằng baocao review)."
        )
    problems = []
    if failed := tally.failed - tally.too_large - tally.empty:
        problems.append(
            f"{failed} thư bị lỗi khi xử lý (xem lý do bằng baocao review); sửa nguyên nhân rồi chạy "
            "baocao reprocess để xử lý lại."
        )
    if tally.too_large:
        problems.append(
            f"{tally.too_large} thư vượt giới hạn dung lượng, không đọc được, chưa rõ là báo cáo nào "
            "của trường nào (xem người gửi và tiêu đề bằng baocao review): cán bộ đọc thư trên webmail rồi gán cho trường bằng "
            "baocao assign, hoặc báo người gửi gửi tệp nhỏ hơn; baocao reprocess chỉ đọc được thư này sau khi "
            "tăng max_message_mb trong cấu hình."
        )
    if tally.missing:
        problems.append(
            f"{tally.missing} thư đã ghi nhận không còn bản gốc trong kho lưu trữ nên chưa xử lý lại được "
            "(tình trạng đã ghi giữ nguyên); chạy baocao rescan để tải lại thư từ hộp thư, hoặc chép lại "
            "kho lưu trữ từ bản sao lưu."
        )
    if tally.damaged:
        problems.append(
            f"{len(tally.damaged)} thư đã ghi nhận có bản gốc bị hỏng trong kho lưu trữ nên chưa xử lý lại được "
            f"(tình trạng đã ghi giữ nguyên): {', '.join(tally.damaged)}. Chép lại các tệp này từ bản sao lưu, "
            "hoặc chạy baocao rescan nếu thư vẫn còn trong hộp thư."
        )
    if problems:
        raise StaffError(" ".join(problems))


def mailbox_factories(config: config_mod.Config) -> list[poller.MailboxFactory]:
    """One factory per configured mailbox, with the account's OAuth2 tokens when it uses them."""

    from intake.imap import Mailbox
    from kernel import tokens as tokens_mod

    def factory(imap: config_mod.ImapConfig) -> poller.MailboxFactory:
        oauth = config.oauth
        tokens = tokens_mod.source_for(oauth, imap.username) if imap.auth == "oauth2" and oauth else None
        return lambda: Mailbox(imap, tokens=tokens)

    return [factory(m) for m in config.mailboxes]


class _StoppedWaiting(Exception):
    """SIGTERM or Ctrl-C came while `baocao run` waited for its database at start-up."""


@contextmanager
def _mailbox_session(
    ctx: Context, *, patient: bool = False
) -> Iterator[tuple[Runtime, list[poller.MailboxFactory], threading.Event]]:
    """Open the store, lock every mailbox (SQLite: one process per mailbox on this machine), and turn
    SIGTERM and Ctrl-C into a clean stop, from the start: one while the config loads or the database opens
    stops the command too. patient (the daemon): a database that cannot be used yet (its disk read-only or
    full, its server away) is waited for rather than ended on, until this machine is recorded in it (the
    first write); a stop while waiting raises _StoppedWaiting."""
    stop = threading.Event()
    previous = stopping.handled_by(lambda *_: stop.set())
    try:
        mailboxes = ctx.config.mailboxes
        if not mailboxes:
            raise ConfigError("tệp cấu hình thiếu mục [imap]: ghi máy chủ, tài khoản và thư mục của hộp thư")
        for imap in mailboxes:
            if imap.auth == "password":
                imap.secret()  # a missing password is reported before anything starts
        from intake.lock import MailboxLock

        with ExitStack() as locks:
            if patient:
                from app import daemon
                from kernel import machines

                opened = daemon.runtime_when_ready(
                    ctx.runtime, stop, lambda rt: machines.warn(rt.store, rt.config)
                )
                if opened is None:
                    raise _StoppedWaiting
                rt = locks.enter_context(opened)
            else:
                rt = locks.enter_context(ctx.runtime())
            if (
                rt.store.engine.dialect.name == "sqlite"
            ):  # on PostgreSQL the readers take turns in the database
                for imap in sorted(mailboxes, key=lambda m: m.name):
                    locks.enter_context(MailboxLock(ctx.config.storage.archive, imap.name))
            yield rt, mailbox_factories(ctx.config), stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@main.command("poll", stops_cleanly=True)
@click.option("--once", is_flag=True, help="Đọc hộp thư một lần rồi thoát.")
@pass_ctx
def poll(ctx: Context, once: bool) -> None:
    """Đọc hộp thư một lần: xử lý mọi thư chưa xử lý rồi in một dòng tóm tắt.

    Thư đã đọc không bị đánh dấu «đã xem»; thư đã xử lý không bao giờ được tải lại.
    Để theo dõi hộp thư liên tục, dùng baocao run.

    \b
    Ví dụ: baocao poll --once
    """
    if not once:
        raise click.UsageError(
            "Dùng baocao poll --once để đọc hộp thư một lần, hoặc baocao run để chạy thường trực."
        )
    from intake import poller
    from kernel import machines

    with _mailbox_session(ctx) as (rt, factories, stop):
        machines.warn(rt.store, rt.config)
        result = poller.poll_all(rt, factories, stop)
        reread = machines.reread_note(rt.store, rt.config)
    if result.read:
        click.echo(result.tally.line())
    if reread:
        click.echo(reread)
    if result.failures:
        raise StaffError(" ".join(result.failures))
    _fail_on_errors(result.tally)


@main.command("run", stops_cleanly=True)
@pass_ctx
def run(ctx: Context) -> None:
    """Chạy thường trực: nhận thư mới ngay khi đến (IMAP IDLE, hoặc hỏi định kỳ) và gửi thư theo lịch.

    Tự kết nối lại khi mất kết nối; dừng gọn khi nhận SIGTERM hoặc Ctrl-C (xử lý xong thư đang dở).
    Mỗi hộp thư chỉ một tiến trình baocao được chạy.

    \b
    Ví dụ: BAOCAO_IMAP_PASSWORD=... baocao run --config /srv/baocao/config.toml
    """
    try:
        with _mailbox_session(ctx, patient=True) as (rt, factories, stop):
            _serve(ctx, rt, factories, stop)
    except _StoppedWaiting:
        pass
    click.echo("Đã dừng baocao.")


def _serve(ctx: Context, rt: Runtime, factories: list[poller.MailboxFactory], stop: threading.Event) -> None:
    """`baocao run` once its database is open: say what it watches, then read and send until stop."""
    from app import daemon
    from app.web import server as web_server

    names = ", ".join(m.name for m in rt.config.mailboxes)
    click.echo(f"Đang theo dõi hộp thư {names}. Nhấn Ctrl-C để dừng.")
    if ctx.config.web.in_daemon:
        web_server.serve_in_background(ctx.config, ctx.clock)
        click.echo(f"Trang theo dõi: http://{ctx.config.web.host}:{ctx.config.web.port}/")
    daemon.serve(rt, factories, stop, report=lambda summary: click.echo(summary.line()))


@main.command("worker", stops_cleanly=True)
@click.option(
    "--until-empty", is_flag=True, help="Thoát khi hàng đợi không còn việc nào (kể cả việc đang làm dở)."
)
@pass_ctx
def worker(ctx: Context, until_empty: bool) -> None:
    """Xử lý thư và trang ảnh quét trong hàng đợi chung (không đọc hộp thư).

    Chạy thêm tiến trình này (trên cùng máy hoặc máy khác dùng chung cơ sở dữ liệu PostgreSQL và
    thư mục lưu trữ) khi một máy không xử lý kịp. Mỗi việc chỉ một tiến trình làm; tiến trình nào
    dừng đột ngột thì việc của nó được tiến trình khác làm lại sau [storage].lease_seconds giây.

    \b
    Ví dụ: baocao worker --config /srv/baocao/config.toml
    """
    from intake.worker import working

    stop = threading.Event()
    previous = stopping.handled_by(lambda *_: stop.set())
    try:
        with ctx.runtime() as rt, working(rt) as worker_:
            if not until_empty:
                click.echo("Đang xử lý hàng đợi. Nhấn Ctrl-C để dừng.")
            # The program's modules and tables live as long as the process: the garbage collector's full
            # passes leave them alone (each cost a worker 0.07 s), and so does the one at exit (frozen
            # again then, as every command is), which a reader waits for when it started this process for
            # its backlog (0.14 s of 0.2 s).
            gc.freeze()
            done = worker_.serve(stop, until_empty=until_empty)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    click.echo(f"Đã làm xong {done} việc trong hàng đợi.")


_SINCE_HELP = "Chỉ thư nhận từ ngày này (ví dụ 2021-09-01 hoặc 01/09/2021); mặc định: toàn bộ."


@main.command("rescan")
@click.option("--since", "since", metavar="NGÀY", help=_SINCE_HELP)
@pass_ctx
def rescan(ctx: Context, since: str | None) -> None:
    """Đọc lại hộp thư từ một ngày (cả thư đã xử lý) và xử lý lại các thư đã lưu với cấu hình hiện tại.

    Dùng sau khi sửa config.toml (thêm trường, thêm địa chỉ) hoặc để thử lại các thư bị lỗi.
    Chạy lại nhiều lần không tạo bản ghi trùng. Không cần máy chủ thư: baocao reprocess.

    \b
    Ví dụ: baocao rescan --since 2021-09-01
    """
    from app.progress import progress
    from intake import poller
    from kernel import machines

    day = _parse_moment(since, ctx.config, "--since", end_of_day=False).date() if since else None
    with _mailbox_session(ctx) as (rt, factories, stop), progress("Đang đọc lại thư") as report:
        machines.agree(rt.store, rt.config)
        summary = poller.rescan(rt, day, factories, stop, report)
    click.echo(summary.rescan_line())
    _fail_on_errors(summary)


@main.command("reprocess", short_help="Xử lý lại thư đã lưu theo cấu hình hiện tại")
@click.option("--since", "since", metavar="NGÀY", help=_SINCE_HELP)
@pass_ctx
def reprocess_(ctx: Context, since: str | None) -> None:
    """Xử lý lại các thư đã lưu trong kho với cấu hình và quy tắc hiện tại, không cần máy chủ thư.

    Dùng sau khi sửa config.toml (thêm tên gọi khác của trường, thêm phần nội dung, thêm báo cáo),
    kể cả khi thư được nhập từ tệp mbox. Tệp đính kèm đã đọc (kể cả bản quét) không phải nhận dạng
    chữ lại, trừ lần đầu sau khi nâng cấp baocao đổi cách đọc tệp (lần đó đọc lại mọi tệp nên lâu hơn).
    Chạy lại nhiều lần không tạo bản ghi trùng; quyết định gán/loại của cán bộ được giữ.

    \b
    Ví dụ: baocao reprocess --since 01/09/2021
    """
    from app.progress import progress
    from intake import poller, readings
    from intake.pipeline import Tally
    from kernel import machines

    moment = _parse_moment(since, ctx.config, "--since", end_of_day=False) if since else None
    tally = Tally()
    with ctx.runtime() as rt, progress("Đang xử lý lại thư") as report:
        machines.agree(rt.store, rt.config)
        keys = [row.key for row in rt.store.messages(since=moment)]
        poller.reprocess_rows(rt, keys, threading.Event(), tally, report)
        if moment is None:  # every message read by this version: the others' readings serve no more
            readings.forget_other_versions(rt.store, rt.config.trust)
    click.echo(tally.rescan_line())
    _fail_on_errors(tally)


# -- the scheduler: what it would send, send now, and its send log ------------------------------------


def _catch_up(ctx: Context) -> None:
    """Read the mailboxes before composing mail from the schools' status (no IMAP: mail is imported)."""
    if not ctx.config.mailboxes:
        return
    from intake import poller

    with _mailbox_session(ctx) as (rt, factories, stop):
        result = poller.poll_all(rt, factories, stop)
    if result.failures:
        raise StaffError(
            "Chưa gửi: không đọc được hộp thư để cập nhật tình hình trước khi gửi "
            f"({' '.join(result.failures)})."
        )


def _schedule_command(name: str, kinds: tuple[str, ...], doc: str) -> click.Command:
    @main.command(name, help=doc)
    @click.option("--as-of", "as_of", metavar="NGÀY_GIỜ", help=_AS_OF_HELP)
    @click.option("--dry-run/--send", "dry_run", default=True, help="Chỉ xem (mặc định) hoặc gửi ngay.")
    @click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
    @click.option(
        "--report",
        "report_id",
        metavar="MÃ_BÁO_CÁO",
        help="Mã báo cáo trong config.toml (mặc định: mọi báo cáo).",
    )
    @click.option("--year", type=YEAR, help="Năm báo cáo (mặc định: đợt đang diễn ra).")
    @click.option("--unit", "unit", metavar="MÃ_ĐƠN_VỊ", help=_UNIT_HELP)
    @pass_ctx
    def command(
        ctx: Context,
        as_of: str | None,
        dry_run: bool,
        fmt: str,
        report_id: str | None,
        year: int | None,
        unit: str | None,
    ) -> None:
        if not dry_run and as_of:
            raise click.UsageError("--as-of chỉ dùng để xem (--dry-run); thư gửi đi luôn tính đến hiện tại.")
        from app import views
        from kernel import freshness
        from scheduler import jobs as scheduler_jobs

        if not dry_run:
            _catch_up(ctx)
        with ctx.runtime() as rt:
            now = _as_of(ctx, as_of, rt)
            stale = freshness.stale_mailboxes(rt.config, rt.store, now) if not as_of else []
            held = freshness.held_reason(stale, ctx.config.district.timezone)
            if stale and not dry_run:
                raise StaffError(
                    f"Chưa gửi: {held}. Thư nhắc và danh sách chỉ được lập từ hộp thư đã đọc đến hiện tại; "
                    "kiểm tra hộp thư bằng baocao poll --once rồi thử lại."
                )
            items = scheduler_jobs.due(
                rt, now, kinds=kinds, report_id=report_id, year=year, unit=unit, live=not as_of
            )
            _echo(
                views.planned(
                    items,
                    now,
                    fmt,
                    rt.config.district.timezone,
                    _staff_names(rt.config),
                    _unit_name(ctx, unit),
                )
            )
            if stale and fmt == "table":
                click.echo(f"\nLưu ý: {held}; danh sách trên có thể chưa tính thư mới nhất.")
            if as_of and fmt == "table" and "reminder" in kinds:
                listed = {(i.report, i.year, i.school_id) for i in items if i.kind == "reminder"}
                passed = [
                    p
                    for p in scheduler_jobs.reminded_later(rt, now, report_id=report_id, year=year, unit=unit)
                    if (p.report, p.year, p.school_id) not in listed
                ]
                if passed:
                    click.echo("\n" + views.reminded_later(passed, rt.config))
            if fmt == "table" and not items and year is not None:
                if outside := _outside_season(ctx.config, report_id, year, now):
                    click.echo(outside)
            if not dry_run and items:
                _report_delivery(scheduler_jobs.send_now(rt, items, now))

    return command


def _outside_season(config: config_mod.Config, report_id: str | None, year: int, now: dt.datetime) -> str:
    """Why nothing is due for a season asked about by --year when now is outside it: «remind --year
    2025» in 2026 said only that nothing was due, as if every school had reported."""
    from kernel.seasons import season_bounds
    from kernel.timefmt import local_date
    from scheduler.plan import first_mail_day

    report = config.report(report_id) if report_id else config.reports[0]
    start, end = season_bounds(report, year, config)
    tz = config.district.timezone
    if now < start:
        first = local_date(first_mail_day(report, year, config), None)
        return f"Đợt báo cáo năm {year} chưa bắt đầu: thư nhắc và danh sách gửi từ ngày {first}."
    if now >= end:
        last = local_date(end - dt.timedelta(days=1), tz)
        return f"Đợt báo cáo năm {year} đã kết thúc ngày {last}: sau đó không gửi thư nhắc hay danh sách nữa."
    return ""


_schedule_command(
    "remind",
    ("reminder", "missing"),
    """Thư nhắc trường chưa nộp và danh sách gửi cán bộ: thư nhắc các trường chưa nộp báo cáo, danh sách
    trường chưa nộp gửi cán bộ của đơn vị thu báo cáo.

    Mặc định chỉ cho xem các thư sẽ được gửi (--dry-run); --send để gửi ngay. Thư đã gửi
    không bao giờ bị gửi lại.

    \b
    Ví dụ: baocao remind --as-of "2021-10-18 07:30" --format json
    """,
)
_schedule_command(
    "digest",
    ("digest",),
    """Bảng tổng hợp gửi cán bộ: tình hình nộp báo cáo gửi cán bộ của đơn vị thu báo cáo (kèm bảng đầy
    đủ dạng XLSX hoặc CSV).

    Mặc định chỉ cho xem (--dry-run); --send để gửi ngay.

    \b
    Ví dụ: baocao digest --as-of 2021-10-25T07:30   (xem bảng tổng hợp của sáng 25/10/2021)
           baocao digest --send
    """,
)


@main.command("consolidate", short_help="Dự thảo báo cáo tổng hợp gửi cấp trên")
@click.option(
    "--report",
    "report_id",
    metavar="MÃ_BÁO_CÁO",
    help="Mã báo cáo trong config.toml (mặc định: báo cáo đầu tiên).",
)
@click.option("--year", type=YEAR, help="Năm báo cáo (mặc định: năm gần nhất đã có báo cáo).")
@click.option("--as-of", "as_of", metavar="NGÀY_GIỜ", help=_AS_OF_HELP)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp ghi kết quả (mặc định: bao-cao-tong-hop-MÃ-NĂM.docx; với --format json: in ra màn hình).",
)
@click.option(
    "--xlsx", type=click.Path(dir_okay=False, path_type=Path), help="Ghi thêm bảng số liệu XLSX vào tệp này."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["docx", "json"]),
    default="docx",
    show_default=True,
    help="docx: bản dự thảo Word; json: cùng dữ liệu, kèm nguồn của từng số liệu.",
)
@click.option(
    "--template",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Mẫu DOCX của đơn vị (mặc định: mẫu có sẵn app/consolidate/templates/bao-cao-tong-hop.docx).",
)
@click.option(
    "--unit",
    "unit",
    metavar="MÃ_ĐƠN_VỊ",
    help="Báo cáo của một đơn vị thu báo cáo (mã trong [[units]]): chỉ các trường của đơn vị, "
    "đứng tên đơn vị.",
)
@pass_ctx
def consolidate_(
    ctx: Context,
    report_id: str | None,
    year: int | None,
    as_of: str | None,
    out: Path | None,
    xlsx: Path | None,
    fmt: str,
    template: Path | None,
    unit: str | None,
) -> None:
    """Dự thảo báo cáo tổng hợp của đơn vị gửi cấp trên, từ báo cáo của các trường.

    Cộng các số liệu chính (ghi rõ số đơn vị có số liệu), nêu đơn vị nộp muộn, chưa nộp, và tổng hợp
    khó khăn, đề xuất của các trường (gộp ý trùng, ghi tên trường). Số liệu không tìm thấy hoặc bất
    thường được tô vàng «(cần kiểm tra)» và không được cộng. Bản JSON ghi nguồn của từng số liệu:
    trường, thư, tệp và câu gốc.

    \b
    Ví dụ: baocao consolidate --year 2021 --xlsx so-lieu-2021.xlsx
           baocao consolidate --unit xa-my-an --year 2025
    """
    from app.consolidate import load as consolidate_load
    from app.consolidate.errors import ConsolidateError
    from app.consolidate.render_docx import render_docx
    from app.consolidate.render_json import as_json as consolidated_json
    from app.consolidate.render_xlsx import as_xlsx as consolidated_xlsx

    try:
        with ctx.runtime() as rt:
            data = consolidate_load.draft(rt, report_id, year, _status_at(ctx, as_of, rt), unit)
            held = _unread_note(ctx, rt, as_of)
    except ConsolidateError as e:
        raise StaffError(str(e)) from e
    try:
        if fmt == "json":
            text = consolidated_json(data)
            if out is None:
                click.echo(text)
            else:
                out.write_text(text + "\n", encoding="utf-8")
        else:
            named = f"{data.report_id}-{data.year}" + (f"-{unit}" if unit else "")
            target = out or Path(f"bao-cao-tong-hop-{named}.docx")
            target.write_bytes(render_docx(data, template))
            waiting = {
                *data.in_review,
                *(h.school_id for h in data.held),
                *(a.school_id for a in data.awaiting),
            }
            unread = ", ".join(dict.fromkeys(data.school(u.school_id).short_name for u in data.unread))
            click.echo(
                f"Đã ghi bản dự thảo vào {target}: {len(data.reporting)}/{len(data.required)} đơn vị đã nộp, "
                f"{len(data.checks)} số liệu cần kiểm tra"
                + (f", {len(waiting)} đơn vị chưa nộp có thư chờ xem xét." if waiting else ".")
                + (f" Chưa đọc lại được nội dung báo cáo của {unread} (xem mục V)." if unread else "")
            )
        if xlsx is not None:
            xlsx.write_bytes(consolidated_xlsx(data))
            click.echo(f"Đã ghi bảng số liệu vào {xlsx}.", err=fmt == "json")
        if held and fmt != "json":  # the JSON is read by programs, which ask the status for freshness
            click.echo(f"Lưu ý: {held}; bản dự thảo có thể chưa tính thư mới nhất.")
    except ConsolidateError as e:
        raise StaffError(str(e)) from e
    except OSError as e:
        raise StaffError(
            f"không ghi được tệp {e.filename}: {write_problem(e)}. Kiểm tra đường dẫn và quyền ghi."
        ) from e


@main.command("outbox")
@click.option(
    "--state",
    "states",
    multiple=True,
    type=click.Choice([str(s) for s in OutboxState]),
    help="Chỉ hiện thư ở trạng thái này (chờ gửi, đã gửi, lỗi, đã hủy); lặp lại được.",
)
@click.option("--report", "report_id", metavar="MÃ_BÁO_CÁO", help="Mã báo cáo trong config.toml.")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=50,
    metavar="SỐ",
    show_default=True,
    help="Số thư mới nhất được hiện.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "--send",
    "send",
    is_flag=True,
    help="Gửi ngay các thư đang chờ đã đến giờ gửi lại (không cần baocao run).",
)
@click.option(
    "--unit",
    "unit",
    metavar="MÃ_ĐƠN_VỊ",
    help="Chỉ thư gửi các trường của đơn vị này và danh sách, bảng tổng hợp gửi cán bộ của đơn vị; "
    "cảnh báo hộp thư chỉ hiện khi không ghi --unit.",
)
@pass_ctx
def outbox_(
    ctx: Context,
    states: tuple[str, ...],
    report_id: str | None,
    limit: int,
    fmt: str,
    send: bool,
    unit: str | None,
) -> None:
    """Nhật ký thư gửi đi: đã gửi, đang chờ gửi lại (kèm lỗi gần nhất, lý do hoãn), lỗi đã dừng, đã hủy.

    Với --send: gửi ngay những thư đang chờ đã đến giờ gửi lại, rồi hiện nhật ký và số thư còn chờ
    (chưa đến giờ thử lại, hoặc hoãn vì người nhận đã nhận đủ số thư trong ngày).

    \b
    Ví dụ: baocao outbox --state pending --state failed
           baocao outbox --send
           baocao outbox --unit xa-my-an
    """
    from app import views
    from scheduler import jobs as scheduler_jobs
    from scheduler import outbox as outbox_mod

    if report_id is not None:
        ctx.config.report(report_id)  # a ConfigError naming the reports there are, not an empty log
    if unit is not None:
        ctx.config.unit(unit)  # a ConfigError naming the units there are, before anything is sent
    with ctx.runtime() as rt:
        delivery = scheduler_jobs.deliver(rt, rt.clock()) if send else None
        log = outbox_mod.Outbox(rt.store)
        later = log.entries(states=(outbox_mod.OutboxState.PENDING,), limit=None) if send else []
        if unit is None:
            entries = log.entries(states=states, report_id=report_id, limit=limit)
        else:
            entries = [
                e
                for e in log.entries(states=states, report_id=report_id, limit=None)
                if outbox_mod.concerns(ctx.config, unit, e)
            ][:limit]
    _echo(
        views.outbox(
            entries, fmt, ctx.config.district.timezone, _staff_names(ctx.config), _unit_name(ctx, unit)
        )
    )
    if delivery is not None:
        _report_delivery(delivery, views.waiting_line(later, ctx.config.district.timezone))


def _report_delivery(result: scheduler_jobs.Delivery, waiting: str = "") -> None:
    """The one-line summary of a send, and what still waits; exit 1 with the reasons when a message could
    not be sent."""
    from app import views

    click.echo(views.delivery_line(result))
    if waiting:
        click.echo(waiting)
    if result.failed:
        raise StaffError(f"{result.failed} thư chưa gửi được: {'; '.join(result.errors)}")


@main.command("review")
@click.option(
    "--report", "report_id", metavar="MÃ_BÁO_CÁO", help="Chỉ hiện thư của báo cáo này (mã trong config.toml)."
)
@click.option(
    "--year",
    type=YEAR,
    help="Chỉ hiện thư của năm này, kèm báo cáo năm khác mà trường chưa nộp năm này gửi trong năm "
    "(thư nằm trong danh sách của năm kia, được ghi rõ).",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--unit", "unit", metavar="MÃ_ĐƠN_VỊ", help=_UNIT_MAIL_HELP)
@pass_ctx
def review_(ctx: Context, report_id: str | None, year: int | None, fmt: str, unit: str | None) -> None:
    """Danh sách thư chờ cán bộ xem xét: chưa xác định được trường, kèm lý do và các trường có thể;
    và các thư không xử lý được (tệp hỏng, có mật khẩu...) kèm lý do. Thư mà trường đã gửi báo cáo
    sau đó (như bản nháp rồi bản đã ký) được liệt kê riêng, không đếm là thư chờ.

    Giải quyết từng thư bằng baocao assign MÃ_THƯ MÃ_TRƯỜNG hoặc baocao reject MÃ_THƯ.

    \b
    Ví dụ: baocao review --year 2021
           baocao review --unit xa-my-an
    """
    from app import views
    from intake import review as review_mod
    from kernel import status as status_mod

    with ctx.runtime() as rt:
        waiting = review_mod.pending(rt, report_id, year) + review_mod.other_seasons(rt, report_id, year)
        failed = review_mod.failed(rt, report_id, year) + review_mod.unfinished(rt)
        if unit is not None:
            waiting, failed = review_mod.of_unit(rt, unit, waiting, failed)
        checks = rt.store.sender_checks(r.message_key for r in waiting)
        settled = status_mod.settled_reviews(rt.config, rt.store, waiting, rt.clock())
        granted = status_mod.extensions_granted(rt.store)
    _echo(
        views.review(
            waiting, failed, checks, ctx.config, fmt, settled, _unit_name(ctx, unit), year, granted=granted
        )
    )


@main.command("assign")
@click.argument("message", metavar="MÃ_THƯ")
@click.argument("school", metavar="MÃ_TRƯỜNG")
@click.option("--reason", default="", metavar="LÝ_DO", help="Vì sao gán (ghi vào nhật ký thay đổi).")
@click.option(
    "--year",
    type=YEAR,
    default=None,
    help="Ghi thư là báo cáo năm này (mặc định: năm thư ghi, hoặc năm có hạn nộp gần ngày nhận thư nhất).",
)
@click.option(
    "--report",
    "report_id",
    metavar="MÃ_BÁO_CÁO",
    default=None,
    help="Ghi thư là báo cáo này, khi thu nhiều báo cáo (mặc định: báo cáo thư ghi).",
)
@pass_ctx
def assign_(
    ctx: Context, message: str, school: str, reason: str, year: int | None, report_id: str | None
) -> None:
    """Gán một thư cho một trường (thư chờ xem xét, hoặc thư đã ghi nhận nhầm trường).

    MÃ_THƯ là mã thư (vài ký tự đầu trong cột «Mã thư» của baocao review) hoặc Message-ID;
    MÃ_TRƯỜNG là mã trường trong config.toml (hoặc tên đầy đủ của trường). Nếu địa chỉ gửi chưa đăng
    ký, hệ thống ghi nhớ địa chỉ đó cho trường để lần sau tự nhận ra (gỡ bằng baocao addresses --forget
    ĐỊA_CHỈ).

    \b
    Ví dụ: baocao assign 3f2a9c1b th-binh-thanh-1
           baocao assign 3f2a9c1b th-binh-thanh-1 --year 2025   (báo cáo năm 2025 gửi muộn sang năm sau)
    """
    from intake import review as review_mod

    with ctx.runtime() as rt:
        done = review_mod.assign(rt, message, school, by=_actor(), why=reason, year=year, report_id=report_id)
    name = ctx.config.school(school.strip()).name
    plan = f", báo cáo {ctx.config.report(report_id).short}" if report_id is not None else ""
    season = f", báo cáo năm {year}" if year is not None else ""
    if done.unchanged:
        said = review_mod.elsewhere(done.outcome, school.strip(), ctx.config)
        click.echo(
            _before(done.outcome, f"đã được gán cho {name}{plan}{season}") + (f"\n{said}" if said else "")
        )
        return
    click.echo(f"Đã gán thư {done.outcome.key[:12]} ({done.outcome.message_id}) cho {name}{plan}{season}.")
    _overrode(done.overrode, ctx.config)
    for sentence in done.says(ctx.config, school.strip()):
        click.echo(sentence)
    if done.learned:
        click.echo(f"Gỡ địa chỉ đã ghi nhớ bằng: baocao addresses --forget {done.learned}")


def _overrode(entry: AuditEntry | None, config: config_mod.Config) -> None:
    """Say which other person's decision the one just taken replaced (review.overrode_note), if any."""
    from intake import review as review_mod

    if entry is not None:
        click.echo(review_mod.overrode_note(entry, config))


def _before(outcome: Outcome, decided: str) -> str:
    """What a decision taken again says: the message was decided so before (decided: «đã được …»)."""
    return f"Thư {outcome.key[:12]} ({outcome.message_id}) {decided} từ trước; không ghi gì thêm."


@main.command("split", short_help="Tính thư của cán bộ cho từng trường có báo cáo trong thư")
@click.argument("message", metavar="MÃ_THƯ")
@click.option("--reason", default="", metavar="LÝ_DO", help="Vì sao (ghi vào nhật ký thay đổi).")
@pass_ctx
def split_(ctx: Context, message: str, reason: str) -> None:
    """Tính thư của cán bộ kèm báo cáo của nhiều trường cho từng trường mà văn bản ghi rõ tên.

    Dùng khi cán bộ xã, cán bộ Phòng gửi một thư kèm báo cáo của nhiều trường (trường nộp qua Zalo,
    bản giấy…): mỗi trường được tính với văn bản của chính trường đó, nhận lúc thư đến hộp thư. Văn bản
    không ghi rõ tên trường vẫn chờ xem xét.

    \b
    Ví dụ: baocao split 3f2a9c1b
    """
    from intake import review as review_mod

    with ctx.runtime() as rt:
        done = review_mod.split(rt, message, by=_actor(), why=reason)
    if done.unchanged:
        click.echo(_before(done.outcome, "đã được tính cho từng trường"))
        return
    click.echo(f"Đã tính thư {done.outcome.key[:12]} ({done.outcome.message_id}) cho từng trường.")
    _overrode(done.overrode, ctx.config)
    for sentence in done.says(ctx.config):
        click.echo(sentence)


@main.command("reject")
@click.argument("message", metavar="MÃ_THƯ")
@click.option("--reason", default="", metavar="LÝ_DO", help="Vì sao loại (ghi vào nhật ký thay đổi).")
@pass_ctx
def reject_(ctx: Context, message: str, reason: str) -> None:
    """Loại một thư khỏi danh sách báo cáo và danh sách chờ xem xét (thư không phải báo cáo).

    MÃ_THƯ là mã thư (vài ký tự đầu trong cột «Mã thư» của baocao review) hoặc Message-ID.
    Thư vẫn được lưu; quét lại sau này vẫn giữ quyết định loại.

    \b
    Ví dụ: baocao reject 3f2a9c1b
    """
    from intake import review as review_mod

    with ctx.runtime() as rt:
        done = review_mod.reject(rt, message, by=_actor(), why=reason)
    if done.unchanged:
        click.echo(_before(done.outcome, "đã được loại khỏi danh sách báo cáo"))
        return
    click.echo(f"Đã loại thư {done.outcome.key[:12]} ({done.outcome.message_id}) khỏi danh sách báo cáo.")
    _forgotten(done, ctx.config)


@main.command("internal")
@click.argument("message", metavar="MÃ_THƯ")
@click.option("--reason", default="", metavar="GHI_CHÚ", help="Ghi chú (ghi vào nhật ký thay đổi).")
@pass_ctx
def internal_(ctx: Context, message: str, reason: str) -> None:
    """Ghi một thư là thư của chính Phòng, UBND xã (cán bộ gửi, chuyển tiếp, trả lời...): không phải báo cáo
    của trường nào, không bao giờ được trả lời. Quét lại sau này vẫn giữ quyết định này.

    \b
    Ví dụ: baocao internal 3f2a9c1b --reason "Chuyên viên gửi thử"
    """
    from intake import review as review_mod

    with ctx.runtime() as rt:
        done = review_mod.mark_internal(rt, message, by=_actor(), why=reason)
    if done.unchanged:
        click.echo(_before(done.outcome, f"đã được ghi là thư của chính {done.whose}"))
        return
    click.echo(
        f"Đã ghi thư {done.outcome.key[:12]} ({done.outcome.message_id}) là thư của chính {done.whose}."
    )
    _forgotten(done, ctx.config)


def _forgotten(done: Withdrawn, config: config_mod.Config) -> None:
    _overrode(done.overrode, config)
    for sentence in done.says(config):
        click.echo(sentence)


@main.command("history")
@click.argument("school", metavar="MÃ_TRƯỜNG")
@click.option(
    "--report", "report_id", metavar="MÃ_BÁO_CÁO", help="Chỉ hiện báo cáo này (mã trong config.toml)."
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "--unit",
    "unit",
    metavar="MÃ_ĐƠN_VỊ",
    help="Chỉ các năm trường do đơn vị này thu báo cáo (mã trong [[units]]): lần nộp và quyết định "
    "của đơn vị trong các năm đó.",
)
@pass_ctx
def history_(ctx: Context, school: str, report_id: str | None, fmt: str, unit: str | None) -> None:
    """Mọi lần nộp báo cáo của một trường, cũ trước mới sau; lần nộp sau cùng là lần được tính.

    \b
    Ví dụ: baocao history th-binh-thanh-1 --report nq121
           baocao history th-my-an --unit xa-my-an
    """
    from app import views
    from intake import review as review_mod
    from kernel import decisions as decisions_mod
    from kernel import units

    with ctx.runtime() as rt:
        school = review_mod.find_school(rt, school).id  # the whole name typed for the code is taken too
        entries = review_mod.history(rt, school, report_id, unit)
        decided = decisions_mod.history(rt.store, school_id=school, report_id=report_id)
    if unit is not None:
        decided = [
            d
            for d in decided
            if units.of_season(ctx.config, d.school_id, d.report_id, d.year, d.decided_at) == unit
        ]
    name = ctx.config.school(school).name
    if decided and fmt == "table":
        by = {
            units.speaker(
                ctx.config, units.of_season(ctx.config, d.school_id, d.report_id, d.year, d.decided_at)
            )
            for d in decided
        }
        click.echo(
            views.decisions(decided, ctx.config.district.timezone, name, by.pop() if len(by) == 1 else None)
            + "\n"
        )
    unit_name = ctx.config.unit(unit).name if unit is not None else None
    collected = ctx.config.school(school).collected_by(unit)
    _echo(views.history(entries, name, ctx.config, fmt, unit_name, collected=collected))


@main.command("addresses", short_help="Các địa chỉ thư đã ghi nhớ cho từng trường")
@click.option(
    "--forget",
    "forget",
    metavar="ĐỊA_CHỈ",
    help="Gỡ một địa chỉ đã ghi nhớ: thư sau từ đó lại chờ xem xét. Thư đã nhận từ địa chỉ này trong đợt báo "
    "cáo đang diễn ra được đọc lại ngay: thư chỉ được tính nhờ địa chỉ thôi được tính và chờ cán bộ xem xét; "
    "lệnh ghi rõ từng thư đã đổi. Thư của đợt báo cáo đã khép lại (quá hạn nộp và season_close_days ngày sau "
    "hạn), nhận trong lúc địa chỉ còn được ghi nhớ cho trường, vẫn được tính như đã tính. Hiệu trưởng chuyển "
    "trường thì không cần gỡ: sang năm sau địa chỉ chỉ là căn cứ thêm, không đủ để tính thư cho trường cũ.",
)
@click.option(
    "--all-seasons",
    "all_seasons",
    is_flag=True,
    help="Cùng --forget, khi địa chỉ đã bị ghi nhớ nhầm cho trường (không phải địa chỉ của trường): đọc lại "
    "thư từ địa chỉ này của mọi năm, cả đợt báo cáo đã khép lại, nên báo cáo năm trước chỉ được tính nhờ địa "
    "chỉ thôi được tính cho trường. Dùng được cả với địa chỉ đã gỡ trước đó mà thư năm cũ vẫn được giữ.",
)
@click.option(
    "--school",
    "schools",
    multiple=True,
    metavar="MÃ_TRƯỜNG",
    help="Cùng --forget --all-seasons, khi địa chỉ đã chuyển từ trường này sang trường khác: trường mà địa "
    "chỉ bị ghi nhớ nhầm (mỗi trường một lần --school). Chỉ thư đã được tính cho trường ấy nhờ địa chỉ được "
    "đọc lại; trường không ghi giữ địa chỉ và thư như trước.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "--unit",
    "unit",
    metavar="MÃ_ĐƠN_VỊ",
    help="Chỉ địa chỉ của các trường do đơn vị này thu báo cáo (mã trong [[units]]), tính theo năm "
    "của thư mà từ đó địa chỉ được ghi nhớ.",
)
@pass_ctx
def addresses_(
    ctx: Context,
    forget: str | None,
    all_seasons: bool,
    schools: tuple[str, ...],
    fmt: str,
    unit: str | None,
) -> None:
    """Các địa chỉ thư hệ thống đã ghi nhớ khi cán bộ gán thư cho trường, và thư mà từ đó địa chỉ được
    ghi nhớ.

    \b
    Ví dụ: baocao addresses
           baocao addresses --unit xa-my-an
           baocao addresses --forget hieutruong.tranthi@gmail.com
           baocao addresses --forget giaovien.nham@gmail.com --all-seasons
           baocao addresses --forget ketoan.nham@gmail.com --all-seasons --school th-my-an
    """
    from app import views
    from intake import review as review_mod

    if forget and unit is not None:
        raise click.UsageError("--unit chỉ dùng khi xem danh sách địa chỉ, không dùng cùng --forget")
    if all_seasons and not forget:
        raise click.UsageError("--all-seasons chỉ dùng cùng --forget ĐỊA_CHỈ")
    if schools and not all_seasons:
        raise click.UsageError("--school chỉ dùng cùng --forget ĐỊA_CHỈ --all-seasons")
    with ctx.runtime() as rt:
        if forget:
            named = tuple(review_mod.find_school(rt, s).id for s in schools)
            gone = review_mod.forget(rt, forget, by=_actor(), all_seasons=all_seasons, schools=named)
            for sentence in review_mod.forgotten_note(gone, all_seasons, ctx.config):
                click.echo(sentence)
            return
        known = review_mod.learned(rt, unit)
        taught = rt.store.messages_by_key(a.message_key for a in known)
    _echo(views.addresses(known, taught, ctx.config, fmt, _unit_name(ctx, unit)))


# -- OAuth2 sign-in for Google Workspace and Microsoft 365 ------------------------------------------


@main.group("auth", short_help="Đăng nhập OAuth2 cho hộp thư")
def auth_() -> None:
    """Đăng nhập OAuth2 cho hộp thư Google Workspace hoặc Microsoft 365 (không dùng mật khẩu).

    Cần mục [oauth2] trong config.toml và auth = "oauth2" ở [imap] và/hoặc [smtp]. Mã làm mới
    (refresh token) được lưu trong [oauth2].token_file (quyền 600), không ghi vào config.toml.

    \b
    Ví dụ: baocao auth login
           baocao auth login --device --user pgd@thuthua.edu.vn
    """


def _oauth_accounts(config: config_mod.Config) -> list[str]:
    """Every account the config signs in with OAuth2: the mailboxes' and the sender's."""
    found = [m.username for m in config.mailboxes if m.auth == "oauth2"]
    if config.smtp is not None and config.smtp.auth == "oauth2" and config.smtp.username:
        found.append(config.smtp.username)
    return list(dict.fromkeys(u.lower() for u in found))


@auth_.command("login", short_help="Cấp quyền OAuth2 cho một tài khoản thư")
@click.option(
    "--user", "user", metavar="ĐỊA_CHỈ", help="Tài khoản cần đăng nhập (mặc định: tài khoản trong [imap])."
)
@click.option(
    "--device",
    is_flag=True,
    help="Đăng nhập bằng mã thiết bị (Microsoft 365), không cần trình duyệt trên máy này.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    metavar="CỔNG",
    default=0,
    help="Cổng trên 127.0.0.1 nhận kết quả đăng nhập (mặc định: cổng trống bất kỳ); dùng khi chuyển tiếp cổng qua ssh -L.",
)
@pass_ctx
def auth_login(ctx: Context, user: str | None, device: bool, port: int) -> None:
    """Cấp quyền cho baocao đọc và gửi thư của một tài khoản bằng OAuth2, rồi lưu mã làm mới.

    Mặc định mở trang đăng nhập của nhà cung cấp trong trình duyệt (mã PKCE, kết quả trả về
    http://127.0.0.1:CỔNG/ trên máy này). Máy chủ không có trình duyệt: dùng --device (Microsoft 365),
    hoặc chuyển tiếp cổng: ssh -L 8765:127.0.0.1:8765 máy-chủ, rồi baocao auth login --port 8765.

    \b
    Ví dụ: baocao auth login --user pgdthuthua@thuthua.edu.vn
    """
    from app import login as login_mod
    from kernel.timefmt import local_time

    config = ctx.config
    if config.oauth is None:
        raise ConfigError("tệp cấu hình chưa có mục [oauth2] (provider, client_id): xem README, phần OAuth2")
    accounts = _oauth_accounts(config)
    username = (user or (accounts[0] if accounts else "")).strip().lower()
    if not username:
        raise click.UsageError(
            'Ghi tài khoản bằng --user, hoặc đặt auth = "oauth2" trong [imap] hoặc [smtp].'
        )
    if device:

        def show_code(address: str, code: str) -> None:
            click.echo(
                f"Mở {address} trên máy tính hoặc điện thoại bất kỳ, đăng nhập {username} và nhập mã: {code}"
            )
            click.echo("Đang chờ đăng nhập xong...")

        token = login_mod.login_device(config.oauth, username, show_code)
    else:

        def show_url(url: str) -> None:
            click.echo(f"Mở địa chỉ sau trong trình duyệt và đăng nhập {username}:\n\n{url}\n")
            click.echo("Đang chờ đăng nhập xong...")

        token = login_mod.login_browser(config.oauth, username, show_url, port=port)
    click.echo(
        f"Đã lưu mã làm mới của {username} vào {config.oauth.token_file} (quyền 600). "
        f"Mã truy cập hiện tại dùng đến {local_time(token.expires_at, config.district.timezone)}; "
        "baocao tự lấy mã mới trước khi hết hạn. Kiểm tra: baocao doctor"
    )


@auth_.command("logout")
@click.option("--user", "user", metavar="ĐỊA_CHỈ", required=True, help="Tài khoản cần xóa mã.")
@pass_ctx
def auth_logout(ctx: Context, user: str) -> None:
    """Xóa mã OAuth2 đã lưu của một tài khoản (baocao không đọc, gửi thư bằng tài khoản đó nữa).

    Nên thu hồi quyền cả ở trang quản lý tài khoản của Google hoặc Microsoft.

    \b
    Ví dụ: baocao auth logout --user pgdthuthua@thuthua.edu.vn
    """
    from kernel import tokens as tokens_mod

    config = ctx.config
    if config.oauth is None:
        raise ConfigError("tệp cấu hình chưa có mục [oauth2]")
    if not tokens_mod.TokenFile(config.oauth.token_file).forget(user.strip()):
        raise StaffError(f"không có mã nào của {user} trong {config.oauth.token_file}")
    click.echo(f"Đã xóa mã OAuth2 của {user} khỏi {config.oauth.token_file}.")


@main.command("backup", short_help="Sao lưu cơ sở dữ liệu và kho lưu trữ")
@click.argument("folder", metavar="THƯ_MỤC", type=click.Path(path_type=Path))
@pass_ctx
def backup_(ctx: Context, folder: Path) -> None:
    """Sao lưu cơ sở dữ liệu SQLite và kho lưu trữ thư gốc vào THƯ_MỤC, kể cả khi baocao run đang chạy.

    Cơ sở dữ liệu được chép nguyên vẹn bằng cách sao lưu của SQLite (chép tệp bằng cp khi baocao đang chạy
    có thể mất dữ liệu); kho lưu trữ: lần sau chỉ chép thư gốc mới. PostgreSQL: sao lưu cơ sở dữ liệu bằng
    pg_dump, lệnh này chỉ chép kho lưu trữ. Cách khôi phục: xem README, mục «Sao lưu và khôi phục».

    \b
    Ví dụ: baocao backup /mnt/sao-luu/baocao
    """
    from kernel import backup as backup_mod
    from kernel.store import shown_url

    done = backup_mod.backup(ctx.config, folder)
    if done.database is not None:
        click.echo(f"Đã sao lưu cơ sở dữ liệu vào {done.database}.")
    else:
        click.echo(
            f"Cơ sở dữ liệu PostgreSQL {shown_url(ctx.config.storage.database)} không được chép: sao lưu bằng "
            "pg_dump (ví dụ pg_dump -Fc -f baocao.dump TÊN_CSDL), trước khi chạy lệnh này."
        )
    click.echo(
        f"Đã chép {done.copied} thư gốc mới vào {folder / backup_mod.ARCHIVE_FOLDER} ({done.kept} thư đã có "
        "từ lần sao lưu trước)."
    )


@main.command("doctor", short_help="Kiểm tra mọi thứ baocao cần")
@click.option(
    "--full",
    is_flag=True,
    help="Đọc hết mọi thư gốc trong kho lưu trữ (mặc định: những gì đọc được trong 10 giây).",
)
@pass_ctx
def doctor_(ctx: Context, full: bool) -> None:
    """Kiểm tra mọi thứ baocao cần, mỗi mục một dòng ✓ hoặc ✗ kèm việc cần làm; mã thoát 1 nếu có ✗.

    Kiểm tra: tệp cấu hình, đồng hồ và múi giờ, tên trường gõ không dấu, tesseract và dữ liệu tiếng Việt (vie), antiword, 7z,
    cơ sở dữ liệu (và quyền 600 của tệp SQLite), quyền ghi kho lưu trữ, thư gốc trong kho còn nguyên
    (đọc trong 10 giây, chọn ngẫu nhiên; --full: đọc hết), hạn nộp của các đợt đã qua (còn
    khớp config.toml không), mã OAuth2, đăng nhập và thư mục của từng hộp thư, địa chỉ hộp thư riêng của
    đơn vị, đăng nhập SMTP, địa chỉ cán bộ bị máy chủ SMTP từ chối. Không đọc, không gửi thư nào.

    \b
    Ví dụ: baocao doctor --config /srv/baocao/config.toml
    """
    from app import doctor as doctor_mod

    try:
        config = ctx.config
    except ConfigError as e:
        click.echo(f"✗ Tệp cấu hình: {e} — sửa tệp rồi chạy lại baocao doctor")
        raise SystemExit(1) from e
    counts = f"{len(config.schools)} trường, {len(config.reports)} báo cáo, {len(config.mailboxes)} hộp thư"
    click.echo(f"✓ Tệp cấu hình {config.path}: {counts}")
    failed = 0
    for check in doctor_mod.checks(config, ctx.clock, full=full):
        click.echo(check.line())
        failed += not check.ok
    if failed:
        click.echo(f"\nCó {failed} mục cần sửa.")
        raise SystemExit(1)
    click.echo("\nMọi thứ sẵn sàng.")


@main.command("machines", short_help="Các máy dùng chung cơ sở dữ liệu")
@click.option(
    "--forget",
    "forget",
    metavar="TÊN_MÁY",
    help="Bỏ một máy đã thôi chạy baocao: cấu hình của máy ấy không còn được tính ngay từ bây giờ.",
)
@click.option(
    "--path", "path", metavar="TỆP", help="Tệp cấu hình của máy cần bỏ, khi máy ấy chạy baocao với nhiều tệp."
)
@pass_ctx
def machines_(ctx: Context, forget: str | None, path: str | None) -> None:
    """Các máy đã chạy baocao trên cơ sở dữ liệu này: tên máy, tệp cấu hình, cấu hình có giống máy này
    không, lần cuối chạy; và bỏ một máy đã thôi chạy.

    Máy có cấu hình khác chạy trong một ngày qua thì baocao reprocess, rescan, import (và nút «Xử lý
    lại» trên trang web) bị từ chối. Máy đã tắt hẳn thì bỏ đi để các lệnh ấy chạy được ngay; máy vừa
    chạy trong [storage].lease_seconds giây thì không bỏ được (có thể vẫn đang chạy).

    \b
    Ví dụ: baocao machines
           baocao machines --forget may-cu
           baocao machines --forget may-cu --path /srv/baocao/config.toml
    """
    from kernel import machines
    from kernel.export import text_table as tabulate
    from kernel.timefmt import local_time

    if path is not None and forget is None:
        raise click.UsageError("--path chỉ dùng cùng --forget TÊN_MÁY")
    config = ctx.config
    tz = config.district.timezone
    with ctx.runtime() as rt:
        if forget is not None:
            lease = dt.timedelta(seconds=config.storage.lease_seconds)
            gone = machines.forget(rt.store, forget.strip(), path, running=lease, tz=tz, by=_actor())
            click.echo(
                f"Đã bỏ {gone.machine.named()}, lần cuối chạy lúc {local_time(gone.at, tz)}: cấu hình của "
                "máy ấy không còn được tính. Nếu máy ấy chạy baocao lại, nó được ghi lại như máy mới."
            )
            return
        found = machines.known(rt.store)
    if not found:
        click.echo("Chưa máy nào chạy baocao trên cơ sở dữ liệu này.")
        return
    here = machines.Machine.of(config)
    rows = [
        [_host(s.machine, here), s.machine.config, _rules(s.machine, here), local_time(s.at, tz)]
        for s in found
    ]
    click.echo(tabulate(rows, headers=["Máy", "Tệp cấu hình", "Cấu hình", "Lần cuối chạy"]))


def _host(machine: machines_mod.Machine, here: machines_mod.Machine) -> str:
    """The host column of `machines`: this machine's row is marked."""
    mine = (machine.host, machine.config) == (here.host, here.config)
    return f"{machine.host} (máy này)" if mine else machine.host


def _rules(machine: machines_mod.Machine, here: machines_mod.Machine) -> str:
    """The rules column of `machines`: whether the machine read mail by this machine's config.toml; this
    machine's own row with other rules is its file as it was before it was edited."""
    if machine.rules == here.rules:
        return "giống máy này"
    if (machine.host, machine.config) == (here.host, here.config):
        return "tệp đã sửa từ lần chạy đó"
    return "khác máy này"


# -- the office's decisions about a school: extension, exemption, paper copy --------------------------


def _season_of(
    ctx: Context, rt: Runtime, report_id: str | None, year: int | None
) -> tuple[config_mod.ReportConfig, int]:
    from kernel.seasons import current_season

    report = ctx.config.report(report_id) if report_id else ctx.config.reports[0]
    if year is None:
        year = current_season(report, rt.clock(), ctx.config, rt.store.years(report.id))
    return report, year


def _decision_options(command: Callable[..., None]) -> Callable[..., None]:
    command = click.option(
        "--undo", is_flag=True, help="Bỏ quyết định đang có hiệu lực (vẫn được giữ trong lịch sử)."
    )(command)
    command = click.option(
        "--year", type=YEAR, help="Năm báo cáo (mặc định: đợt đang diễn ra hoặc gần nhất)."
    )(command)
    return click.option(
        "--report", "report_id", metavar="MÃ_BÁO_CÁO", help="Mã báo cáo (mặc định: báo cáo đầu tiên)."
    )(command)


def _decide(
    ctx: Context,
    kind: decisions_mod.DecisionKind,
    school: str,
    report_id: str | None,
    year: int | None,
    undo: bool,
    reason: str,
    **values: object,
) -> None:
    from intake import review as review_mod
    from kernel import decisions as decisions_mod

    with ctx.runtime() as rt:
        found = review_mod.find_school(rt, school)
        report, season = _season_of(ctx, rt, report_id, year)
        common: dict[str, Any] = {
            "report_id": report.id,
            "year": season,
            "school_id": found.id,
            "by": _actor(),
            "now": rt.clock(),
            "reason": reason,
        }
        where = f"báo cáo {report.short} năm {season}"
        if undo:
            before = _state_of(ctx, rt, report.id, season, found.id)
            done = decisions_mod.undo(ctx.config, rt.store, kind, **common)
            click.echo(f"Đã bỏ quyết định của {found.name} ({where}): {done.summary()}.")
            if back := decisions_mod.restored_note(rt.store, done):
                click.echo(back)
            after = _state_of(ctx, rt, report.id, season, found.id)
            from kernel.status import SchoolState
            from kernel.timefmt import in_words

            turned = before is not None and after is not None and before.status != after.status
            if turned and after is not None and after.status == SchoolState.LATE and after.received_at:
                tz = ctx.config.district.timezone
                click.echo(
                    f"Lưu ý: {found.name} đã gửi báo cáo lúc {in_words(after.received_at, tz)}; bỏ quyết định này, "
                    "báo cáo nay tính là nộp muộn. Nếu trường đã được báo là nộp đúng hạn hoặc được miễn, "
                    "cán bộ báo lại cho trường."
                )
            return
        take: dict[decisions_mod.DecisionKind, Callable[..., decisions_mod.Decision]] = {
            decisions_mod.DecisionKind.EXTENSION: decisions_mod.extend,
            decisions_mod.DecisionKind.EXEMPTION: decisions_mod.exempt,
            decisions_mod.DecisionKind.PAPER: decisions_mod.paper,
        }
        done = take[kind](ctx.config, rt.store, **common, **values)
        note = ""
        if kind == decisions_mod.DecisionKind.EXEMPTION:
            note = review_mod.exemption_note(rt, found.id, report.id, season)
        elif kind == decisions_mod.DecisionKind.EXTENSION and done.until is not None:
            note = decisions_mod.past_the_season(ctx.config, report.id, season, done.until)
    if done.decided_at < common["now"] - dt.timedelta(seconds=1):  # the same decision stood already
        from kernel.timefmt import local_time

        since = local_time(done.decided_at, ctx.config.district.timezone)
        click.echo(
            f"{found.name} ({where}) đã có quyết định này từ {since}: {done.summary()}; không ghi gì thêm."
        )
        return
    click.echo(f"Đã ghi cho {found.name} ({where}): {done.summary()}.")
    if note:
        click.echo(note)


def _state_of(ctx: Context, rt: Runtime, report_id: str, year: int, school_id: str) -> SchoolStatus | None:
    """The school's line of the season's status now; None when it is not on the season's roster."""
    from kernel import status as status_mod

    result = status_mod.load(ctx.config, rt.store, report_id, year, rt.clock())
    return next((s for s in result.schools if s.school_id == school_id), None)


@main.command("extend")
@click.argument("school", metavar="[MÃ_TRƯỜNG]", required=False)
@_decision_options
@click.option("--until", metavar="NGÀY", help="Hạn mới của trường, ví dụ 05/11/2021 hoặc 2021-11-05.")
@click.option("--reason", default="", metavar="LÝ_DO", help="Lý do gia hạn (bắt buộc khi gia hạn).")
@click.option(
    "--all",
    "everyone",
    is_flag=True,
    help="Gia hạn cho mọi trường phải nộp (khi lùi hạn chung), thay cho MÃ_TRƯỜNG; trường đã có hạn "
    "riêng muộn hơn giữ hạn của mình. Với --undo: bỏ gia hạn chung đến ngày --until.",
)
@click.option(
    "--unit", "unit", metavar="MÃ_ĐƠN_VỊ", help="Với --all: chỉ các trường do đơn vị này thu báo cáo."
)
@pass_ctx
def extend_(
    ctx: Context,
    school: str | None,
    report_id: str | None,
    year: int | None,
    undo: bool,
    until: str | None,
    reason: str,
    everyone: bool,
    unit: str | None,
) -> None:
    """Gia hạn nộp báo cáo cho một trường, hoặc cho mọi trường (--all): báo cáo đến trước hạn mới được
    tính là đúng hạn, thư nhắc quá hạn chỉ gửi sau hạn mới. --undo để bỏ gia hạn.

    \b
    Ví dụ: baocao extend th-my-an --year 2021 --until 05/11/2021 --reason "Trường xin lùi hạn vì ngập lụt"
           baocao extend --all --year 2026 --until 26/10/2026 --reason "Hạn rơi vào Chủ nhật"
    """
    if everyone == (school is not None):
        raise click.UsageError("ghi một MÃ_TRƯỜNG, hoặc --all để gia hạn cho mọi trường")
    if unit is not None and not everyone:
        raise click.UsageError("--unit chỉ dùng cùng --all")
    if everyone and not until:
        raise click.UsageError("ghi hạn chung bằng --until NGÀY (cả khi bỏ gia hạn chung bằng --undo)")
    if not undo and not until:
        raise click.UsageError("ghi hạn mới bằng --until NGÀY (hoặc --undo để bỏ gia hạn)")
    day = _parse_day(until, "--until") if until else None
    if school is None:
        assert day is not None
        _extend_all(ctx, report_id, year, unit, reason, day, undo)
        return
    from kernel.decisions import DecisionKind

    values = {} if undo else {"until": day}
    _decide(ctx, DecisionKind.EXTENSION, school, report_id, year, undo, reason, **values)


def _extend_all(
    ctx: Context,
    report_id: str | None,
    year: int | None,
    unit: str | None,
    reason: str,
    until: dt.date,
    undo: bool,
) -> None:
    """extend --all: the deadline moved to until for the season's roster or a unit's share of it, or
    (undo) that move withdrawn."""
    from kernel import decisions as decisions_mod
    from kernel import status as status_mod
    from kernel.errors import NotFoundError
    from kernel.timefmt import local_date

    with ctx.runtime() as rt:
        report, season = _season_of(ctx, rt, report_id, year)
        schools = status_mod.roster(ctx.config, report, season, unit)
        where = f"báo cáo {report.short} năm {season}" + (f", {_unit_name(ctx, unit)}" if unit else "")
        if not schools:
            raise NotFoundError(f"không có trường nào phải nộp {where}: kiểm tra lại năm hoặc đơn vị")
        move = decisions_mod.DeadlineMove(
            report.id, season, schools, until, reason, _actor(), rt.clock(), unit
        )
        names = {s.id: s.name for s in schools}
        if undo:
            withdrawn = decisions_mod.undo_extensions(ctx.config, rt.store, move)
            day = local_date(until, None)
            click.echo(f"Đã bỏ gia hạn đến {day} của {len(withdrawn.undone)} trường ({where}).")
            if withdrawn.restored:
                back = "; ".join(f"{names[d.school_id]} ({d.summary()})" for d in withdrawn.restored)
                click.echo(f"Khôi phục hạn riêng trước đó của {len(withdrawn.restored)} trường: {back}.")
            return
        done = decisions_mod.extend_all(ctx.config, rt.store, move)
    click.echo(f"Đã ghi gia hạn đến {local_date(until, None)} cho {len(done.given)} trường ({where}).")
    if done.kept:
        kept = "; ".join(f"{names[d.school_id]} ({d.summary()})" for d in done.kept)
        click.echo(f"Giữ nguyên hạn riêng muộn hơn của {len(done.kept)} trường: {kept}.")
    if note := decisions_mod.past_the_season(ctx.config, report.id, season, until):
        click.echo(note)


@main.command("exempt")
@click.argument("school", metavar="MÃ_TRƯỜNG")
@_decision_options
@click.option(
    "--reason", default="", metavar="LÝ_DO", help="Lý do miễn nộp (bắt buộc), ví dụ trường đã sáp nhập."
)
@pass_ctx
def exempt_(
    ctx: Context, school: str, report_id: str | None, year: int | None, undo: bool, reason: str
) -> None:
    """Miễn cho một trường nộp báo cáo năm nay (giải thể, sáp nhập, chưa có học sinh...): không nhắc,
    không tính vào số trường phải nộp, vẫn hiện trong danh sách với tình trạng «Miễn nộp». --undo để bỏ.

    \b
    Ví dụ: baocao exempt mg-long-thanh-tl --year 2021 --reason "Đã sáp nhập vào MG Tân Long"
    """
    from kernel.decisions import DecisionKind

    _decide(ctx, DecisionKind.EXEMPTION, school, report_id, year, undo, reason)


@main.command("paper")
@click.argument("school", metavar="MÃ_TRƯỜNG")
@_decision_options
@click.option("--received", metavar="NGÀY", help="Ngày Văn thư nhận bản giấy (mặc định: hôm nay).")
@click.option("--by", "received_by", default="", metavar="TÊN", help="Người nhận bản giấy.")
@click.option("--reason", default="", metavar="GHI_CHÚ", help="Ghi chú.")
@pass_ctx
def paper_(
    ctx: Context,
    school: str,
    report_id: str | None,
    year: int | None,
    undo: bool,
    received: str | None,
    received_by: str,
    reason: str,
) -> None:
    """Ghi nhận Văn thư đã nhận bản giấy báo cáo của một trường (ngày nhận, người nhận). --undo để bỏ.

    \b
    Ví dụ: baocao paper th-my-an --year 2021 --received 27/10/2021 --by "Lê Thị Thu"
    """
    values: dict[str, object] = {}
    if not undo:
        with ctx.runtime() as rt:
            today = rt.clock().astimezone(ctx.config.district.timezone).date()
        day = _parse_day(received, "--received") if received else today
        values = {"received_on": day, "received_by": received_by}
    from kernel.decisions import DecisionKind

    _decide(ctx, DecisionKind.PAPER, school, report_id, year, undo, reason, **values)


@main.command("audit")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    metavar="SỐ",
    default=50,
    show_default=True,
    help="Số thay đổi mới nhất được hiện.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "--unit",
    "unit",
    metavar="MÃ_ĐƠN_VỊ",
    help="Chỉ thay đổi về các trường do đơn vị này thu báo cáo (mã trong [[units]]) và về thư liên quan "
    "đến đơn vị; thay đổi tài khoản và thư không rõ trường chỉ hiện khi không ghi --unit.",
)
@pass_ctx
def audit_(ctx: Context, limit: int, fmt: str, unit: str | None) -> None:
    """Nhật ký thay đổi: ai đã gán, loại thư, gia hạn, miễn nộp, ghi bản giấy, thêm tài khoản... lúc nào, vì sao.

    \b
    Ví dụ: baocao audit --limit 20
           baocao audit --unit xa-my-an
    """
    from app import views
    from kernel import audit, auditunits

    if unit is not None:
        ctx.config.unit(unit)  # a ConfigError naming the units there are, before the log is read
    with ctx.runtime() as rt:
        if unit is None:
            entries = audit.entries(rt.store, limit=limit)
        else:
            entries = auditunits.of_unit(ctx.config, rt.store, unit, audit.entries(rt.store, limit=None))
            entries = entries[:limit]
        labels = auditunits.labels(ctx.config, rt.store, entries)
    _echo(views.audit(entries, fmt, ctx.config, labels, _unit_name(ctx, unit)))


# -- the staff page and its accounts ---------------------------------------------------------------------


@main.command("web")
@click.option(
    "--host",
    metavar="ĐỊA_CHỈ",
    help="Địa chỉ lắng nghe (mặc định [web].host, thường là 127.0.0.1: chỉ máy này).",
)
@click.option("--port", type=click.IntRange(1, 65535), metavar="CỔNG", help="Cổng (mặc định [web].port).")
@pass_ctx
def web_(ctx: Context, host: str | None, port: int | None) -> None:
    """Mở trang theo dõi cho cán bộ Phòng, UBND xã: tình hình nộp, danh sách trường, thư chờ xem xét, gia hạn,
    miễn nộp, bản giấy. Cần đăng nhập bằng tài khoản tạo bằng baocao user add.

    \b
    Ví dụ: baocao web --port 8080     (rồi mở http://127.0.0.1:8080 trong trình duyệt)
    """
    host = host or ctx.config.web.host
    port = port or ctx.config.web.port
    from app.web import accounts as web_accounts
    from app.web import server as web_server

    with ctx.runtime() as rt:
        if not web_accounts.users(rt.store):
            click.echo("Lưu ý: chưa có tài khoản nào; tạo bằng baocao user add TÊN --role clerk", err=True)
    click.echo(f"Trang theo dõi: http://{host}:{port}/  (Ctrl-C để dừng)")
    try:
        web_server.serve(ctx.config, host=host, port=port, clock=ctx.clock)
    except KeyboardInterrupt:
        click.echo("Đã dừng trang theo dõi.")


@main.group("user", cls=BaocaoGroup)
def user_() -> None:
    """Tài khoản đăng nhập trang theo dõi: quyền «viewer» (chỉ xem) hoặc «clerk» (văn thư, chuyên viên:
    được gán thư, gia hạn, miễn nộp, ghi bản giấy). Mật khẩu chỉ được lưu dạng băm (argon2). Tài khoản
    gắn với một đơn vị thu báo cáo (--unit) chỉ thấy và làm việc với trường, thư của đơn vị đó.

    \b
    Ví dụ: baocao user add nguyenvana --role clerk --name "Nguyễn Văn A"
    """


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(click.prompt("Mật khẩu", hide_input=True, confirmation_prompt="Nhập lại mật khẩu"))


@user_.command("add")
@click.argument("username", metavar="TÊN")
@click.option("--role", type=click.Choice([r.value for r in Role]), default="viewer", show_default=True)
@click.option(
    "--name", "full_name", default="", metavar="HỌ_TÊN", help="Họ tên, hiện trên trang và trong nhật ký."
)
@click.option(
    "--unit",
    "unit",
    metavar="MÃ_ĐƠN_VỊ",
    help="Chỉ cho xem và làm việc với trường, thư của đơn vị thu báo cáo này (mã trong [[units]]); "
    "không ghi: mọi đơn vị.",
)
@click.option("--password-stdin", is_flag=True, help="Đọc mật khẩu từ dòng đầu của đầu vào chuẩn.")
@pass_ctx
def user_add(
    ctx: Context, username: str, role: str, full_name: str, unit: str | None, password_stdin: bool
) -> None:
    """Tạo tài khoản. Ví dụ: baocao user add vanthu --role clerk --name "Lê Thị Thu"

    \b
    Tài khoản của cán bộ một xã: baocao user add canbo.myan --role clerk --unit xa-my-an
    """
    from app.web import accounts as web_accounts

    bound = ctx.config.unit(unit) if unit is not None else None  # a ConfigError naming the units there are
    password = _password(password_stdin)
    with ctx.runtime() as rt:
        user = web_accounts.add(
            rt.store,
            username,
            password,
            Role(role),
            full_name=full_name,
            by=_actor(),
            now=rt.clock(),
            unit=bound,
        )
    of_unit = f", chỉ đơn vị {bound.name}" if bound is not None else ""
    click.echo(f"Đã tạo tài khoản {user.username} ({ROLE_LABELS[user.role]}{of_unit}).")


@user_.command("unit")
@click.argument("username", metavar="TÊN")
@click.argument("unit", metavar="MÃ_ĐƠN_VỊ", required=False)
@click.option("--none", "whole", is_flag=True, help="Bỏ gắn đơn vị: tài khoản làm việc với mọi đơn vị.")
@pass_ctx
def user_unit(ctx: Context, username: str, unit: str | None, whole: bool) -> None:
    """Gắn tài khoản với một đơn vị thu báo cáo hoặc bỏ gắn (--none).

    \b
    Ví dụ: baocao user unit canbo.myan xa-my-an
    """
    from app.web import accounts as web_accounts

    if (unit is None) == (not whole):
        raise click.UsageError("ghi mã đơn vị (mã trong [[units]]) hoặc --none, một trong hai.")
    bound = ctx.config.unit(unit) if unit is not None else None  # a ConfigError naming the units there are
    with ctx.runtime() as rt:
        web_accounts.set_unit(rt.store, username, bound, by=_actor(), now=rt.clock())
    shown = f"chỉ làm việc với đơn vị {bound.name}" if bound is not None else "làm việc với mọi đơn vị"
    click.echo(f"Tài khoản {username} từ nay {shown}.")


@user_.command("passwd")
@click.argument("username", metavar="TÊN")
@click.option("--password-stdin", is_flag=True, help="Đọc mật khẩu từ dòng đầu của đầu vào chuẩn.")
@pass_ctx
def user_passwd(ctx: Context, username: str, password_stdin: bool) -> None:
    """Đổi mật khẩu; các phiên đăng nhập đang mở của tài khoản bị đóng. Ví dụ: baocao user passwd vanthu"""
    from app.web import accounts as web_accounts

    password = _password(password_stdin)
    with ctx.runtime() as rt:
        web_accounts.set_password(rt.store, username, password, by=_actor(), now=rt.clock())
    click.echo(f"Đã đổi mật khẩu của {username}.")


@user_.command("remove")
@click.argument("username", metavar="TÊN")
@pass_ctx
def user_remove(ctx: Context, username: str) -> None:
    """Xóa tài khoản; phiên đăng nhập của nó hết hiệu lực ngay. Ví dụ: baocao user remove vanthu"""
    from app.web import accounts as web_accounts

    with ctx.runtime() as rt:
        web_accounts.remove(rt.store, username, by=_actor(), now=rt.clock())
    click.echo(f"Đã xóa tài khoản {username}.")


@user_.command("list")
@pass_ctx
def user_list(ctx: Context) -> None:
    """Các tài khoản và quyền. Ví dụ: baocao user list"""
    from app.web import accounts as web_accounts
    from kernel.export import text_table as tabulate
    from kernel.timefmt import local_time

    with ctx.runtime() as rt:
        found = web_accounts.users(rt.store)
    if not found:
        click.echo("Chưa có tài khoản nào. Tạo bằng: baocao user add TÊN --role clerk")
        return
    rows = [
        [
            u.username,
            u.full_name,
            ROLE_LABELS[u.role],
            _account_unit(ctx.config, u.unit),
            local_time(u.created_at, ctx.config.district.timezone),
        ]
        for u in found
    ]
    click.echo(tabulate(rows, headers=["Tên đăng nhập", "Họ tên", "Quyền", "Đơn vị", "Tạo lúc"]))


def _account_unit(config: config_mod.Config, unit: str | None) -> str:
    """The unit column of `user list`: the unit's name, «mọi đơn vị» for none, and a unit the config no
    longer has said as such (its account sees nothing until it is bound anew)."""
    if unit is None:
        return "mọi đơn vị"
    known = next((u for u in config.units if u.id == unit), None)
    return f"{known.name} ({unit})" if known is not None else f"{unit} (không còn trong tệp cấu hình)"
