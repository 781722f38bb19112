"""Who may see what: login and logout, the session check before every route, CSRF on every form,
the clerk-only changes, and the headers that keep pages and files in their place.

Only /healthz answers without a login. A page asked for without a session redirects to the login
page; JSON, files and form posts get 401. Every POST carries a token derived from the browser's own
random CSRF cookie and its session, which another site can neither read nor forge, and a POST the
browser says comes from another site's page (Origin, else Referer) is refused whatever its token.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import secrets
import unicodedata
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, abort, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from app.web import accounts, sessions, typed
from app.web.accounts import User
from app.web.render import json_response, runtime, wants_json

log = logging.getLogger(__name__)

SESSION_COOKIE = "baocao_session"
CSRF_COOKIE = "baocao_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
PUBLIC = {"security.health", "security.login"}
_FILES = {"mail.attachment", "mail.raw", "static"}  # without a session: 401, never a login page

bp = Blueprint("security", __name__)


def current_user() -> User:
    user: User | None = g.get("user")
    if user is None:  # the before_request check let no such request through
        abort(401)
    return user


def actor() -> str:
    """How the audit log names the person behind this request."""
    return current_user().username


def require_clerk() -> None:
    """Changes are for clerks; a viewer gets 403 with a sentence saying so."""
    if not current_user().can_change:
        abort(
            403,
            description="Tài khoản của bạn chỉ được xem. Nhờ người quản trị cấp quyền văn thư để thay đổi.",
        )


def csrf_token() -> str:
    """The token every form of this page must send back. The browser's CSRF cookie is made when a
    page with a form first needs it, never by a file or JSON answer (a download must not replace it
    under an open page)."""
    seed = g.get("csrf_seed") or request.cookies.get(CSRF_COOKIE, "")
    if not seed:
        seed = g.csrf_seed = secrets.token_urlsafe(32)
    session = request.cookies.get(SESSION_COOKIE, "") if g.get("user") else ""
    return hmac.new(seed.encode(), f"csrf:{session}".encode(), hashlib.sha256).hexdigest()


def _csrf_ok() -> bool:
    if not request.cookies.get(CSRF_COOKIE):
        return False
    sent = request.form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER, "")
    return bool(sent) and hmac.compare_digest(sent, csrf_token())


def install(app: Flask) -> None:
    app.before_request(_check)
    app.after_request(_headers)
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.jinja_env.globals["CSRF_FIELD"] = CSRF_FIELD
    app.register_blueprint(bp)


def _check() -> BaseResponse | None:
    rt = runtime()
    g.user = sessions.session_user(rt.store, request.cookies.get(SESSION_COOKIE, ""), rt.clock())
    if request.method == "POST" and (site := _other_site()) is not None:
        log.warning(
            "form posted from another site refused: %s %s from %s", request.method, request.path, site
        )
        text = OTHER_SITE.format(site=site)
        if wants_json():
            return _refuse(403, text)
        return Response(
            render_template("error.html", status=403, error=text), status=403, mimetype="text/html"
        )
    if request.endpoint not in PUBLIC and g.user is None:
        if request.method == "GET" and not wants_json() and request.endpoint not in _FILES:
            return redirect(url_for("security.login", next=request.full_path.rstrip("?")))
        if request.method == "POST" and not wants_json():
            return _log_in_again()
        return _refuse(401, "Cần đăng nhập.")
    if request.method == "POST" and not _csrf_ok():
        log.warning("form without a valid CSRF token refused: %s %s", request.method, request.path)
        if not wants_json():
            return _form_again()
        return _refuse(403, "Biểu mẫu đã cũ hoặc không hợp lệ. Tải lại trang rồi thử lại.")
    return None


OTHER_SITE = (
    "Biểu mẫu vừa rồi được gửi từ một trang khác ({site}), không phải từ trang theo dõi báo cáo này, nên đã bị "
    "từ chối: việc ấy chưa được ghi. Nếu chính bạn muốn làm việc này, hãy mở trang theo dõi báo cáo rồi làm lại "
    "trên đó."
)


def _other_site() -> str | None:
    """The site a form was posted from, as the browser names it (its Origin, else its Referer), when that is
    not this page: another site's page making the clerk's browser post here, which the token alone would let
    through if it ever leaked. None for this page's own forms, and for a browser that names neither (an old
    one, or one told to keep the referrer to itself): the token vouches for those, as before. This page is
    the host the browser asked for (its Host), or that of [web].public_url; the scheme is not compared, as
    a proxy in front (HTTPS to the browser, HTTP to this server) hides the one the browser used."""
    named = request.headers.get("Origin") or request.referrer
    if not named:
        return None
    own = {request.host.lower()}
    if public := runtime().config.web.public_url:
        own.add(urlsplit(public).netloc.lower())
    parts = urlsplit(named)
    if parts.netloc.lower() in own:
        return None
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else "không rõ địa chỉ"


EXPIRED = (
    "Phiên đăng nhập đã hết: việc vừa rồi chưa được ghi. Đăng nhập lại rồi bấm lại trên trang ấy (những gì đã "
    "gõ vẫn còn)."
)
STALE_FORM = "Biểu mẫu đã cũ (trang mở từ trước lần đăng nhập này): việc vừa rồi chưa được ghi. Làm lại trên trang mở mới."
STALE_LOGIN = "Trang đăng nhập đã cũ. Nhập lại tên đăng nhập và mật khẩu."


def _page_of_form() -> str:
    """The page the refused form was on (htmx names it, a browser sends it as the referrer, only from
    this site: Referrer-Policy same-origin), so that the clerk comes back to it; the overview when
    neither says. Only its path is kept, so behind a proxy whose host name differs it still works."""
    parts = urlsplit(request.headers.get("HX-Current-URL") or request.referrer or "")
    return safe_next(f"{parts.path}?{parts.query}" if parts.query else parts.path)


def _log_in_again() -> Response:
    """A form sent after the session ended: the login page, which says the change was not made and
    leads back to the page of the form. htmx, which shows nothing of a refusal, is sent there whole."""
    target = _page_of_form()
    _keep_typed()  # what was typed comes back on the form's page once logged in again
    if request.headers.get("HX-Request"):
        response = Response(EXPIRED, status=401, mimetype="text/plain")
        response.headers["HX-Redirect"] = url_for("security.login", next=target, expired=1)
        return response
    html = render_template("login.html", next=target, error=EXPIRED, username="")
    return Response(html, status=401, mimetype="text/html")


def _keep_typed() -> None:
    """Keep what the refused form holds (typed.keep) when the browser says it was this site's own form:
    a form of another site, posted here, would otherwise fill this page's forms with its words for the
    clerk to send unread."""
    if request.headers.get("Sec-Fetch-Site") == "same-origin":
        typed.keep()


def _form_again() -> Response:
    """A form whose token is stale (the clerk logged in again in another tab, or the login page was
    left open): a page that says nothing was changed and leads back to the form; htmx, which shows
    nothing of a refusal, reloads the form's page, which says so."""
    target = _page_of_form()
    if request.endpoint == "security.login":
        html = render_template(
            "login.html", next=request.form.get("next", ""), error=STALE_LOGIN, username=""
        )
        return Response(html, status=403, mimetype="text/html")
    _keep_typed()
    if request.headers.get("HX-Request"):
        flash(STALE_FORM, "error")
        response = Response(STALE_FORM, status=403, mimetype="text/plain")
        response.headers["HX-Redirect"] = target
        return response
    html = render_template("error.html", status=403, error=STALE_FORM, back=target)
    return Response(html, status=403, mimetype="text/html")


def _refuse(status: int, text: str) -> Response:
    if wants_json():
        return json_response({"error": text}, status)
    return Response(text, status=status, mimetype="text/plain")


def _headers(response: Response) -> Response:
    seed = g.get("csrf_seed")
    if seed:
        response.set_cookie(CSRF_COOKIE, seed, httponly=True, samesite="Strict", secure=_secure(), path="/")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
        "frame-src 'self'; object-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if g.get("user") is not None or request.endpoint == "security.login":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _secure() -> bool:
    return runtime().config.web.public_url.startswith("https://")


@bp.get("/healthz")
def health() -> Response:
    """For monitoring: answers without a login and tells nothing about the office's data."""
    return json_response({"ok": True})


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    rt = runtime()
    target = safe_next(request.values.get("next", ""))
    if request.method == "GET":
        if g.user is not None:
            return redirect(target)
        error = EXPIRED if request.args.get("expired") else ""
        return render_template("login.html", next=target, error=error, username="")
    username = request.form.get("username", "").strip().lower()
    password = request.form.get("password", "")
    address = request.remote_addr or "?"
    now = rt.clock()
    brake = sessions.wait_before_login(rt.store, username, address, now)
    if brake.wait.total_seconds() > 0:
        seconds = int(brake.wait.total_seconds()) + 1
        error = (
            f"Có quá nhiều lần đăng nhập sai từ mạng này. Hãy chờ {seconds} giây rồi thử lại."
            if brake.by_address
            else f"Đăng nhập sai quá nhiều lần. Hãy chờ {seconds} giây rồi thử lại."
        )
        html = render_template("login.html", next=target, error=error, username=username)
        return Response(html, status=429, headers={"Retry-After": str(seconds)}, mimetype="text/html")
    # The form does not stop itself (the browser would say so in its own language): an empty box is said here.
    if not username or not password:
        error = "Chưa điền tên đăng nhập." if not username else "Chưa điền mật khẩu."
        html = render_template("login.html", next=target, error=error, username=username)
        return Response(html, status=400, mimetype="text/html")
    user = accounts.verify(rt.store, username, password)
    if user is None:
        sessions.record_failure(rt.store, username, address, now)
        log.warning("failed login for %r from %s", username, address)
        error = "Sai tên đăng nhập hoặc mật khẩu."
        html = render_template("login.html", next=target, error=error, username=username)
        return Response(html, status=401, mimetype="text/html")
    response = redirect(target)  # before the session: a login that cannot answer leaves none behind
    sessions.clear_failures(rt.store, username)
    token = sessions.open_session(rt.store, user, now, rt.config.web.session_hours)
    log.info("%s logged in from %s", user.username, address)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=rt.config.web.session_hours * 3600,
        httponly=True,
        samesite="Lax",  # a link from the digest in a mail reader still opens the page logged in
        secure=_secure(),
        path="/",
    )
    # A fresh CSRF seed with the fresh session: nothing from before the login is valid after it.
    g.csrf_seed = secrets.token_urlsafe(32)
    return response


@bp.post("/logout")
def logout() -> Any:
    rt = runtime()
    sessions.close_session(rt.store, request.cookies.get(SESSION_COOKIE, ""))
    response = redirect(url_for("security.login"))
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def safe_next(target: str, fallback: str = "") -> str:
    """target when it is a path of this site, else fallback (the overview when not given): never another
    host, however written. Browsers drop tabs and line breaks from a URL and read a backslash as a slash,
    so «/<TAB>/evil.example» would leave as «//evil.example»: a target holding any control character or
    space, or a backslash, is refused whole, and so is one that names a scheme or host once parsed."""
    parts = urlsplit(target)
    if (
        target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not any(c.isspace() or unicodedata.category(c) == "Cc" for c in target)
        and not parts.scheme
        and not parts.netloc
    ):
        return target
    return fallback or url_for("season.home")


def clerk_only(view: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator for the routes that change something."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        require_clerk()
        return view(*args, **kwargs)

    return wrapped
