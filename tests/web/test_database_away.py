"""The page while its PostgreSQL restarts: a Vietnamese page that says so, and the clerk told that what
was sent meanwhile may not be recorded; the page works again once the database is back."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from app.web import server
from tests.conftest import _fresh_database, database_away
from tests.web.conftest import CLERK, WebThread, _serve, _shipped_tables, cli, make_district
from tests.web.test_security import _token, login


@pytest.fixture
def web_postgres(
    tmp_path: Path, postgres_url: str, postgres_migrated: str
) -> Iterator[tuple[WebThread, str]]:
    url = _fresh_database(postgres_url, postgres_migrated)
    path = tmp_path / "config.toml"
    path.write_text(
        f'{_shipped_tables()}\n[storage]\ndatabase = "{url}"\narchive = "var/archive"\n', encoding="utf-8"
    )
    cli(path, "user", "add", CLERK[0], "--role", "clerk", "--password-stdin", stdin=CLERK[1] + "\n")
    for web in _serve(path):
        yield web, url


def test_the_page_says_in_vietnamese_that_the_database_is_away(web_postgres: tuple[WebThread, str]) -> None:
    web, url = web_postgres
    clerk = login(web, CLERK)
    token = _token(clerk.get(f"{web.url}/review").text)
    with database_away(url):
        page = clerk.get(f"{web.url}/review")
        data = clerk.get(f"{web.url}/review", params={"format": "json"})
        sent = clerk.post(
            f"{web.url}/schools/th-my-an/decisions/exemption",
            data={"csrf_token": token, "report": "nq121", "year": "2021", "reason": "Trường giải thể"},
            headers={"HX-Request": "true", "HX-Current-URL": f"{web.url}/review"},
        )
        again = clerk.get(f"{web.url}/review")
    assert page.status_code == 503 and page.headers["Retry-After"] == "30"
    assert "không đọc được cơ sở dữ liệu" in page.text and "Tải lại trang" in page.text
    assert data.status_code == 503 and "không đọc được cơ sở dữ liệu" in data.json()["error"]
    # htmx shows nothing of a refusal: it reloads the page, which tells that the change may be unrecorded.
    assert sent.status_code == 503 and sent.headers["HX-Refresh"] == "true"
    assert "có thể chưa được ghi" in again.text
    assert clerk.get(f"{web.url}/review").status_code == 200


def test_a_form_posted_while_the_database_is_away_is_not_said_recorded(
    web_postgres: tuple[WebThread, str],
) -> None:
    web, url = web_postgres
    clerk = login(web, CLERK)
    token = _token(clerk.get(f"{web.url}/review").text)
    with database_away(url):
        sent = clerk.post(
            f"{web.url}/schools/th-my-an/decisions/exemption",
            data={"csrf_token": token, "report": "nq121", "year": "2021", "reason": "Trường giải thể"},
        )
    assert sent.status_code == 503
    assert "có thể chưa được ghi" in sent.text and "không đọc được cơ sở dữ liệu" in sent.text


@pytest.fixture
def web_busy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[WebThread]:
    """The page over SQLite, whose writes wait a fraction of a second for another program's lock."""
    monkeypatch.setattr(server, "WEB_BUSY_SECONDS", 0.2)
    yield from _serve(make_district(tmp_path))


@contextmanager
def held(config_path: Path) -> Iterator[None]:
    """The database's write lock held by another program (a backup, DB Browser with unsaved changes)."""
    with closing(sqlite3.connect(config_path.parent / "var" / "baocao.db", isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")


def test_a_decision_while_another_program_holds_the_database_says_it_is_busy(web_busy: WebThread) -> None:
    """A clerk's decision while a backup held the SQLite file answered after half a minute with the
    command line's words: «cơ sở dữ liệu /srv/…/baocao.db đang bị một chương trình khác giữ … rồi chạy lại
    lệnh..», a path on the server, a command and two stops. The page says the data is busy and to try
    again in a few minutes; what she typed is kept."""
    web = web_busy
    clerk = login(web, CLERK)
    school = f"{web.url}/schools/th-my-an?year=2021"
    queue = clerk.get(f"{web.url}/review").text
    key = clerk.get(f"{web.url}/review", params={"format": "json"}).json()["items"][0]["key"]
    reason = "Trường giải thể theo quyết định của UBND huyện"
    with held(web.config_path):
        sent = clerk.post(
            f"{web.url}/schools/th-my-an/decisions/exemption",
            data={"csrf_token": _token(queue), "report": "nq121", "year": "2021", "reason": reason},
            allow_redirects=False,
        )
        rejected = clerk.post(
            f"{web.url}/messages/{key}/reject",
            data={"csrf_token": _token(queue), "next": "/review"},
            headers={"HX-Request": "true"},
        )
    page = clerk.get(school).text
    said = [
        "Chưa ghi được: dữ liệu đang bận (một chương trình khác trên máy chủ đang giữ cơ sở dữ liệu, chẳng hạn "
        "khi sao lưu). Chưa có gì bị mất: thử lại sau ít phút.",
        "Chưa loại được: dữ liệu đang bận",
    ]
    assert sent.status_code == 302 and said[0] in page, page
    assert f'value="{reason}"' in page  # the reason comes back to be sent again
    assert said[1] in rejected.text, rejected.text
    for text in (page, rejected.text):
        assert "baocao.db" not in text and "chạy lại lệnh" not in text and "ít phút.." not in text
    assert clerk.get(school, params={"format": "json"}).json()["state"]["status"] != "exempt"
