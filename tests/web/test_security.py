"""Who may see and change what, tried over real HTTP against a real server: logins, CSRF, roles,
file routes that must not leave the archive, and the brake on guessing passwords."""

from __future__ import annotations

import datetime as dt
import http.client
import re
import unicodedata
from urllib.parse import urlsplit

import pytest
import requests

from app.web import sessions
from tests.web.conftest import CLERK, VIEWER, WebThread, cli, status_json

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def login(web: WebThread, user: tuple[str, str]) -> requests.Session:
    session = requests.Session()
    form = session.get(f"{web.url}/login")
    answer = session.post(
        f"{web.url}/login",
        data={"csrf_token": _token(form.text), "username": user[0], "password": user[1], "next": "/review"},
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text
    return session


def _token(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def _review_key(web: WebThread, session: requests.Session) -> str:
    items = session.get(f"{web.url}/review", params={"format": "json"}).json()["items"]
    return next(i["key"] for i in items if i["kind"] == "review")


def _example(rule: str, key: str) -> str:
    values = {
        "key": key,
        "index": "0",
        "name": "scan.pdf",
        "school_id": "th-my-an",
        "kind": "exemption",
        "report_id": "nq121",
        "year": "2021",
        "filename": "htmx.min.js",
    }
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], rule)


def test_every_route_without_a_session_gets_the_login_page_or_401(web_thread: WebThread) -> None:
    key = _review_key(web_thread, login(web_thread, VIEWER))
    checked = 0
    for rule, methods in web_thread.app_rules:
        if rule in ("/healthz", "/login"):
            continue
        path = _example(rule, key)
        if "GET" in methods:
            page = requests.get(f"{web_thread.url}{path}", allow_redirects=False)
            if rule.startswith(("/files", "/static", "/messages/<key>/raw")):
                assert page.status_code == 401, rule
            else:
                assert page.status_code == 302, rule
                assert urlsplit(page.headers["Location"]).path == "/login", rule
                assert requests.get(f"{web_thread.url}{path}", params={"format": "json"}).status_code == 401
            checked += 1
        if "POST" in methods:
            assert requests.post(f"{web_thread.url}{path}", data={}).status_code == 401, rule
            checked += 1
    assert checked >= 15
    followed = requests.get(f"{web_thread.url}/schools")
    assert "Đăng nhập" in followed.text and "Trường Tiểu học" not in followed.text
    assert requests.get(f"{web_thread.url}/healthz").json() == {"ok": True}


def test_a_form_posted_without_its_csrf_token_is_refused(web_thread: WebThread) -> None:
    clerk = login(web_thread, CLERK)
    target = f"{web_thread.url}/schools/th-my-an/decisions/exemption"
    form = {"report": "nq121", "year": "2021", "reason": "Trường đã sáp nhập"}
    assert clerk.post(target, data=form).status_code == 403
    assert clerk.post(target, data={**form, "csrf_token": "0" * 64}).status_code == 403
    other = login(web_thread, CLERK)  # a token from another session is no good either
    stolen = _token(other.get(f"{web_thread.url}/review").text)
    assert clerk.post(target, data={**form, "csrf_token": stolen}).status_code == 403
    schools = {s["school_id"]: s for s in status_json(web_thread.config_path)["schools"]}
    assert schools["th-my-an"]["status"] != "exempt"


def test_a_viewer_reads_everything_but_cannot_assign_or_decide(web_thread: WebThread) -> None:
    viewer = login(web_thread, VIEWER)
    key = _review_key(web_thread, viewer)
    page = viewer.get(f"{web_thread.url}/messages/{key}")
    assert page.status_code == 200 and "Gán" not in page.text
    token = _token(page.text)  # the logout form's
    refused = viewer.post(
        f"{web_thread.url}/messages/{key}/assign", data={"csrf_token": token, "school_id": "mg-long-thanh-tl"}
    )
    assert refused.status_code == 403 and "chỉ được xem" in refused.text
    decided = viewer.post(
        f"{web_thread.url}/schools/th-my-an/decisions/exemption",
        data={"csrf_token": token, "report": "nq121", "year": "2021", "reason": "thử"},
    )
    assert decided.status_code == 403
    assert key in [i["key"] for i in viewer.get(f"{web_thread.url}/review?format=json").json()["items"]]


@pytest.mark.parametrize(
    "path",
    [
        "/files/{key}/0/../../../../etc/passwd",
        "/files/{key}/0/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/files/..%2f..%2fvar%2fbaocao.db/0/scan.pdf",
        "/files/{key}/7/scan.pdf",
        "/files/{key}/0/other.pdf",
        "/messages/..%2f..%2fconfig.toml/raw",
        "/messages/{short}/raw",
        "/static/../config.toml",
        "/static/..%2f..%2f..%2fconfig.toml",
    ],
)
def test_file_routes_serve_only_the_archived_attachments(web_thread: WebThread, path: str) -> None:
    clerk = login(web_thread, CLERK)
    key = _review_key(web_thread, clerk)
    real = clerk.get(f"{web_thread.url}/files/{key}/0/scan.pdf")
    assert real.status_code == 200 and real.content.startswith(b"%PDF")
    # http.client sends the path exactly as written: no client tidies the dots away.
    connection = http.client.HTTPConnection(urlsplit(web_thread.url).netloc)
    cookie = "; ".join(f"{k}={v}" for k, v in clerk.cookies.items())
    connection.request("GET", path.format(key=key, short=key[:12]), headers={"Cookie": cookie})
    answer = connection.getresponse()
    body = answer.read()
    assert answer.status == 404, body[:200]
    assert b"root:" not in body and b"[district]" not in body


def test_ten_wrong_passwords_slow_the_next_tries_down(web_thread: WebThread) -> None:
    session = requests.Session()
    token = _token(session.get(f"{web_thread.url}/login").text)
    statuses = []
    for n in range(10):
        answer = session.post(
            f"{web_thread.url}/login",
            data={"csrf_token": token, "username": CLERK[0], "password": f"sai-{n}"},
            allow_redirects=False,
        )
        statuses.append(answer.status_code)
    assert statuses[:5] == [401] * 5
    assert set(statuses[5:]) == {429}
    # From the same address (as every clerk behind the office's proxy), another name is not braked.
    assert login(web_thread, VIEWER).get(f"{web_thread.url}/review", allow_redirects=False).status_code == 200
    right = session.post(
        f"{web_thread.url}/login",
        data={"csrf_token": token, "username": CLERK[0], "password": CLERK[1]},
        allow_redirects=False,
    )
    assert right.status_code == 429, "even the right password waits"
    assert int(right.headers["Retry-After"]) > 0 and "chờ" in right.text
    web_thread.clock.now += dt.timedelta(minutes=16)  # the brake looks back 15 minutes
    again = session.post(
        f"{web_thread.url}/login",
        data={"csrf_token": token, "username": CLERK[0], "password": CLERK[1]},
        allow_redirects=False,
    )
    assert again.status_code == 302


def test_wrong_passwords_across_many_names_slow_the_address_down_without_blaming_a_name(
    web_thread: WebThread,
) -> None:
    """One clerk's typos locked the whole office out («Đăng nhập sai quá nhiều lần» to a colleague who
    typed her password right): the brake counted by name or address. Someone guessing across names from
    one address is still braked, later, and the page says it is the address's failures."""
    web_thread.clock.now += dt.timedelta(minutes=16)  # past the failures of the tests before
    session = requests.Session()
    token = _token(session.get(f"{web_thread.url}/login").text)
    for n in range(sessions.ADDRESS_FREE_FAILURES):
        answer = session.post(
            f"{web_thread.url}/login",
            data={"csrf_token": token, "username": f"ten-{n}", "password": "sai-mat-khau"},
            allow_redirects=False,
        )
        assert answer.status_code == 401, n
    right = session.post(
        f"{web_thread.url}/login",
        data={"csrf_token": token, "username": VIEWER[0], "password": VIEWER[1]},
        allow_redirects=False,
    )
    assert right.status_code == 429 and "Có quá nhiều lần đăng nhập sai từ mạng này" in right.text
    assert "Đăng nhập sai quá nhiều lần" not in right.text
    web_thread.clock.now += dt.timedelta(minutes=16)
    assert login(web_thread, VIEWER).get(f"{web_thread.url}/review", allow_redirects=False).status_code == 200


def test_every_page_is_also_json(web_thread: WebThread) -> None:
    clerk = login(web_thread, CLERK)
    key = _review_key(web_thread, clerk)
    for path in (
        "/season/nq121/2021",
        "/schools?year=2021",
        "/schools/th-my-an?year=2021",
        "/review",
        f"/messages/{key}",
        "/outbox",
        "/audit",
    ):
        answer = clerk.get(f"{web_thread.url}{path}", params={"format": "json"})
        assert answer.headers["Content-Type"].startswith("application/json"), path
        assert answer.json(), path


def test_a_changed_password_or_a_removed_account_ends_its_sessions(web_thread: WebThread) -> None:
    viewer = login(web_thread, VIEWER)
    assert viewer.get(f"{web_thread.url}/review", allow_redirects=False).status_code == 200
    cli(web_thread.config_path, "user", "passwd", VIEWER[0], "--password-stdin", stdin="mat-khau-moi-hon")
    assert viewer.get(f"{web_thread.url}/review", allow_redirects=False).status_code == 302
    again = login(web_thread, (VIEWER[0], "mat-khau-moi-hon"))
    cli(web_thread.config_path, "user", "remove", VIEWER[0])
    assert again.get(f"{web_thread.url}/review", allow_redirects=False).status_code == 302
    audit = cli(web_thread.config_path, "audit", "--format", "json")
    for action in ("user-passwd", "user-remove"):
        assert f'"action": "{action}"' in audit
    assert f'"target": "user:{VIEWER[0]}"' in audit


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/x",
        "https://evil.example/x",
        "/\\evil.example/x",
        "/%09/evil.example/x",
        "/%0d%0a/evil.example/x",
        "%09//evil.example/x",
        "/%E2%80%83/evil.example/x",
    ],
)
def test_the_page_after_login_is_never_another_site(web_thread: WebThread, target: str) -> None:
    """/login?next=/<TAB>/evil.example/x passed the check (it began with one slash) and the redirect
    left as «Location: //evil.example/x», the tab dropped: a clerk already logged in who opened such a
    link from a mail landed on another site. Whatever next holds, the login leads to a page of this
    site."""
    clerk = login(web_thread, CLERK)
    answer = clerk.get(f"{web_thread.url}/login?next={target}", allow_redirects=False)
    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert location.startswith("/") and not location.startswith("//"), location
    assert "evil.example" not in location
    form = requests.Session()
    token = _token(form.get(f"{web_thread.url}/login?next={target}").text)
    posted = form.post(
        f"{web_thread.url}/login?next={target}",
        data={"csrf_token": token, "username": CLERK[0], "password": CLERK[1]},
        allow_redirects=False,
    )
    assert posted.status_code == 302 and "evil.example" not in posted.headers["Location"]


def test_a_page_of_this_site_is_still_reached_after_login(web_thread: WebThread) -> None:
    clerk = login(web_thread, CLERK)
    answer = clerk.get(
        f"{web_thread.url}/login", params={"next": "/schools?year=2021"}, allow_redirects=False
    )
    assert answer.headers["Location"] == "/schools?year=2021"


def test_a_form_too_large_before_login_is_refused_in_vietnamese(web_thread: WebThread) -> None:
    """A login post over 1 MB answered «500 Internal Server Error» in English: the error page drew the
    menu with the account of the person logged in, and nobody was. It says in Vietnamese what went
    wrong, and no session is opened."""
    answer = requests.post(
        f"{web_thread.url}/login",
        data={"username": CLERK[0], "password": "x" * 1_100_000},
        allow_redirects=False,
    )
    assert answer.status_code == 413
    assert "quá lớn" in answer.text and "Internal Server Error" not in answer.text
    assert "Đăng xuất" not in answer.text and "baocao_session" not in answer.cookies


def test_a_password_with_marks_logs_in_however_the_keyboard_composes_it(web_thread: WebThread) -> None:
    """A password with Vietnamese marks set with `baocao user add` (precomposed, NFC) was refused when
    typed at the login page from a machine whose Unikey sends «Unicode tổ hợp» (decomposed, NFD), and
    one set decomposed was refused typed precomposed."""
    typed = "Phòng Giáo dục Thủ Thừa 2021"
    for name, form, other in (("thuthuy", "NFC", "NFD"), ("thuhuong", "NFD", "NFC")):
        password = unicodedata.normalize(form, typed)
        cli(
            web_thread.config_path,
            "user",
            "add",
            name,
            "--role",
            "viewer",
            "--password-stdin",
            stdin=password,
        )
        login(web_thread, (name, unicodedata.normalize(other, typed)))
        login(web_thread, (name, password))


def test_a_form_another_site_posts_does_not_fill_in_the_pages_forms(web_thread: WebThread) -> None:
    """What a refused form held is filled in again on its page (app/web/typed.py): a form of another
    site, posted to the page with no valid token, would have put its words in the clerk's exemption box
    for her to send unread. Only the page's own forms, as the browser tells them, are kept."""
    clerk = login(web_thread, CLERK)
    school = f"{web_thread.url}/schools/th-my-an"
    reason = "Trường giải thể theo đề nghị của trang khác"
    for site in ("cross-site", "same-origin"):
        refused = clerk.post(
            f"{school}/decisions/exemption",
            data={"csrf_token": "khong-hop-le", "report": "nq121", "year": "2021", "reason": reason},
            headers={"Sec-Fetch-Site": site},
        )
        assert refused.status_code == 403
        page = clerk.get(school, params={"report": "nq121", "year": "2021"}).text
        assert (f'value="{reason}"' in page) == (site == "same-origin"), site


def test_a_form_another_sites_page_posts_is_refused_whatever_its_token(web_own: WebThread) -> None:
    """A POST whose Origin (or, lacking it, Referer) named another site was accepted when it carried a valid
    token: a token leaked once (a page saved and shared, a proxy's log) let any site make the clerk's browser
    exempt a school. The browser's word on where the form was is now checked first; this page's own forms,
    and those of an old browser that names no page at all, still go through on their token."""
    clerk = login(web_own, CLERK)
    token = _token(clerk.get(f"{web_own.url}/schools/th-my-an").text)
    other = "https://trang-la.example.com"

    def exempt(school: str, **headers: str) -> requests.Response:
        return clerk.post(
            f"{web_own.url}/schools/{school}/decisions/exemption",
            data={"csrf_token": token, "report": "nq121", "year": "2021", "reason": "Trường đã sáp nhập"},
            headers=headers,
            allow_redirects=False,
        )

    def exempted() -> set[str]:
        schools = status_json(web_own.config_path)["schools"]
        return {s["school_id"] for s in schools if s["status"] == "exempt"}

    before = exempted()
    for headers in (
        {"Origin": other},
        {"Referer": f"{other}/khuyen-mai.html"},
        {"Origin": other, "Referer": f"{web_own.url}/schools/th-my-an"},
    ):
        refused = exempt("th-my-an", **headers)
        assert refused.status_code == 403, headers
        assert refused.headers["Content-Type"].startswith("text/html")
        said = " ".join(refused.text.split())
        assert f"được gửi từ một trang khác ({other})" in said, said
        assert "việc ấy chưa được ghi" in said
    hidden = exempt("th-my-an", Origin="null")  # a sandboxed frame of another site
    assert hidden.status_code == 403 and "trang khác (không rõ địa chỉ)" in hidden.text
    asked = clerk.post(
        f"{web_own.url}/schools/th-my-an/decisions/exemption",
        params={"format": "json"},
        data={"csrf_token": token, "report": "nq121", "year": "2021", "reason": "Sáp nhập"},
        headers={"Origin": other},
    )
    assert asked.status_code == 403 and "trang khác" in asked.json()["error"]
    browser = requests.Session()
    form = {"csrf_token": _token(browser.get(f"{web_own.url}/login").text), "username": CLERK[0]}
    refused_login = browser.post(
        f"{web_own.url}/login",
        data={**form, "password": CLERK[1]},
        headers={"Origin": other},
        allow_redirects=False,
    )
    assert refused_login.status_code == 403 and "baocao_session" not in refused_login.cookies
    assert exempted() == before

    # This page's own form (the browser names this page), and one from a browser that names no page.
    assert (
        exempt("th-my-an", Origin=web_own.url, Referer=f"{web_own.url}/schools/th-my-an").status_code != 403
    )
    assert exempt("th-binh-an").status_code != 403
    assert exempted() == before | {"th-my-an", "th-binh-an"}
