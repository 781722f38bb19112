"""The page while its PostgreSQL restarts: a Vietnamese page that says so, and the clerk told that what
was sent meanwhile may not be recorded; the page works again once the database is back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import _fresh_database, database_away
from tests.web.conftest import CLERK, WebThread, _serve, _shipped_tables, cli
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
