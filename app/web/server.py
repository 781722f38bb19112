"""The staff page as a WSGI application, and the server that runs it (waitress, bound to 127.0.0.1
unless [web].host says otherwise)."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import threading
import unicodedata
from collections.abc import Callable

import flask
import waitress
from flask import Flask, Response, flash, render_template, request
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import HTTPException

from app.web import addresses, logs, mail, render, roles, scope, season, security
from kernel.config import Config, UnitConfig
from kernel.errors import DatabaseUnusableError
from kernel.runtime import Runtime, utc_now

log = logging.getLogger(__name__)


class Request(flask.Request):
    """Form fields in NFC, as everything the office stores: Unikey's «Unicode tổ hợp» and text pasted
    from a Mac send Vietnamese decomposed, which a name or a reason would keep into the exports, the
    mail and the comparison of a decision with the one in force. A password is taken as typed: accounts
    compares it in NFC, and in the form typed for a hash made before passwords were kept in NFC."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        fields = self.__dict__["form"]
        self.__dict__["form"] = ImmutableMultiDict(
            [
                (k, v if k == "password" else unicodedata.normalize("NFC", v))
                for k, v in fields.items(multi=True)
            ]
        )


# How long a page's write waits for another program holding the SQLite database (a backup, DB Browser)
# before the clerk is told the data is busy: she waits for her click's answer, and half a minute (the
# commands' store.BUSY_SECONDS) read as a page that hung, twice as long when she clicked again.
WEB_BUSY_SECONDS = 8.0


def create_app(config: Config, clock: Callable[[], dt.datetime] = utc_now) -> Flask:
    """The application over the config's database and archive (opened now, closed with close_app)."""
    rt = Runtime.open(config, clock, WEB_BUSY_SECONDS)
    app = Flask(__name__, static_folder="static")
    app.request_class = Request
    app.extensions["baocao"] = rt
    # Flask's own signed cookie carries only the one-line notices shown after a change; a key per
    # process is enough for that, and logins live in the database (see sessions).
    app.secret_key = secrets.token_bytes(32)
    app.config.update(
        SESSION_COOKIE_NAME="baocao_notice",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.web.public_url.startswith("https://"),
        MAX_CONTENT_LENGTH=1024 * 1024,  # forms only: nobody uploads files here
    )
    render.install(app)
    security.install(app)
    app.url_map.converters["filename"] = mail.FileNameConverter
    for blueprint in (season.bp, mail.bp, logs.bp, addresses.bp):
        app.register_blueprint(blueprint)
    app.register_error_handler(HTTPException, _error)
    for lost in (OperationalError, InterfaceError, DatabaseUnusableError):
        app.register_error_handler(lost, _database_away)
    app.jinja_env.globals["ROLE_LABELS"] = roles.ROLE_LABELS
    app.jinja_env.globals["review_count"] = _review_count
    app.jinja_env.globals["brand"] = _brand
    app.jinja_env.globals["mail_schools"] = (
        scope.mail_schools
    )  # a unit's clerk: its schools the day mail came
    return app


def _brand() -> str:
    """Whose page it is, in its header: the unit chosen (?unit=), as its staff read it, else the office."""
    unit = _asked_unit()
    return unit.name if unit is not None else render.runtime().config.district.short_name


def _review_count() -> int:
    """The navigation bar's count of mail waiting for staff: the queue of the account's unit, or of the
    unit chosen on the page (?unit=), else the whole office's."""
    unit = _asked_unit()
    if unit is None and render.bound_unit() is not None:
        return 0  # bound to a unit the config no longer has: the account sees no mail
    return mail.waiting_count(mail.review_items(unit=unit.id if unit is not None else None))


def _asked_unit() -> UnitConfig | None:
    """The unit the page works in (render.asked_unit: the account's own, else the query's ?unit=), or
    None. An unknown unit, which the page itself answers with an error, is none, so that the error
    page's header and menu can be drawn."""
    asked = render.asked_unit()
    return next((u for u in render.runtime().config.units if u.id == asked), None)


def close_app(app: Flask) -> None:
    app.extensions["baocao"].close()


def _error(error: HTTPException) -> Response:
    status = error.code or 500
    text = {
        404: "Không tìm thấy trang hoặc tệp này.",
        403: "Bạn không có quyền làm việc này.",
        400: "Yêu cầu không hợp lệ.",
        405: "Trang này không nhận cách gửi này.",
        413: "Nội dung gửi lên quá lớn (quá 1 MB): chưa được ghi.",
    }.get(status, "Có lỗi xảy ra.")
    if error.description and status in (400, 403, 404) and not error.description.startswith(("The ", "You ")):
        text = error.description
    if render.wants_json():
        return render.json_response({"error": text}, status)
    return render.page("error.html", {"status": status, "error": text}, status)


DATABASE_AWAY = (
    "Trang tạm thời không đọc được cơ sở dữ liệu (máy chủ cơ sở dữ liệu đang khởi động lại hoặc mất kết nối)."
)
UNSURE_CHANGE = (
    "Việc vừa làm khi trang mất kết nối cơ sở dữ liệu có thể chưa được ghi: xem lại trước khi làm lại."
)
RETRY_SECONDS = 30


def _database_away(error: Exception) -> Response:
    """The database cannot be reached (a PostgreSQL restart, an SQLite file locked for long): a page drawn
    without the database that says so and asks to reload, rather than a bare English error. A form sent
    meanwhile may or may not have been recorded, and the clerk is told; htmx, which shows nothing of a
    refusal, reloads its page, which carries that notice."""
    log.warning("staff page: database unavailable for %s %s: %s", request.method, request.path, error)
    text = f"{DATABASE_AWAY} Thử tải lại trang sau khoảng {RETRY_SECONDS} giây."
    changing = request.method == "POST"
    if render.wants_json():
        answer = render.json_response({"error": f"{text} {UNSURE_CHANGE}" if changing else text}, 503)
    elif request.headers.get("HX-Request"):
        if changing:
            flash(UNSURE_CHANGE, "error")
        answer = Response(text, status=503, mimetype="text/plain")
        answer.headers["HX-Refresh"] = "true"
    else:
        shown = [UNSURE_CHANGE] if changing else []
        html = render_template("unavailable.html", error=text, notices=shown)
        answer = Response(html, status=503, mimetype="text/html")
    answer.headers["Retry-After"] = str(RETRY_SECONDS)
    return answer


def serve(config: Config, *, host: str, port: int, clock: Callable[[], dt.datetime] = utc_now) -> None:
    """Run the page until the process is stopped."""
    app = create_app(config, clock)
    try:
        waitress.serve(
            app, host=host, port=port, threads=4, ident="baocao", clear_untrusted_proxy_headers=True
        )
    finally:
        close_app(app)


def serve_in_background(config: Config, clock: Callable[[], dt.datetime] = utc_now) -> threading.Thread:
    """The page beside the daemon (baocao run with [web].in_daemon): a thread that ends with the process."""
    web = config.web
    thread = threading.Thread(
        target=serve, args=(config,), kwargs={"host": web.host, "port": web.port, "clock": clock}, daemon=True
    )
    thread.start()
    log.info("staff page on http://%s:%d", web.host, web.port)
    return thread
