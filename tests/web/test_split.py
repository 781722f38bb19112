"""The office's own mail carrying several schools' reports, counted for each school on the page."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from samples.documents import render_docx
from samples.papers import make_paper
from tests.intake.test_pipeline import _mail
from tests.web.conftest import CLERK, WebThread, _serve, make_district, status_json
from tests.web.test_security import _token, login

_SCHOOLS = {"th-my-an": "Trường Tiểu học Mỹ An", "th-my-lac": "Trường Tiểu học Mỹ Lạc"}


@pytest.fixture(scope="module")
def web_bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebThread]:
    """As web_thread, with the office's own mail of 20/10 carrying Mỹ An's and Mỹ Lạc's reports, which
    the schools gave a clerk on Zalo."""
    yield from _bundled(tmp_path_factory)


@pytest.fixture
def web_bundle_again(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebThread]:
    """web_bundle, for a test that decides about the mail otherwise."""
    yield from _bundled(tmp_path_factory)


def _bundled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebThread]:
    files = {
        f"BC {school_id}.docx": render_docx(make_paper(name, year=2021, rng=random.Random(i)))
        for i, (school_id, name) in enumerate(_SCHOOLS.items())
    }
    bundle = _mail("pgdthuthua@example.edu.vn", "BC NQ121 các trường nộp qua Zalo", files, mid="zalo-2")
    yield from _serve(make_district(tmp_path_factory.mktemp("bundle"), more={"bundle.eml": bundle}))


def test_a_clerk_counts_the_offices_mail_of_two_schools_reports_for_each_school(
    web_bundle: WebThread,
) -> None:
    """The page offered «Gán» to one school for a clerk's mail of two schools' reports, and its reason
    said to pass each report on in a mail of its own: each would then come the day the clerk sent it,
    after the deadline. «Tính cho từng trường» counts each school with its own paper, when the mail came."""
    clerk = login(web_bundle, CLERK)
    queue = clerk.get(f"{web_bundle.url}/review")
    items = clerk.get(f"{web_bundle.url}/review", params={"format": "json"}).json()["items"]
    [bundle] = [i for i in items if i["subject"] == "BC NQ121 các trường nộp qua Zalo"]
    assert f'action="/messages/{bundle["key"]}/split"' in queue.text and "Tính cho từng trường" in queue.text
    assert "baocao split" not in queue.text  # the reason names the button, not the command
    done = clerk.post(
        f"{web_bundle.url}/messages/{bundle['key']}/split",
        data={"csrf_token": _token(queue.text), "next": "/review", "seen": str(bundle["seen"])},
    )
    assert "Đã tính thư cho từng trường." in done.text and "nhận lúc 20/10/2021 09:15" in done.text
    rows = {s["school_id"]: s for s in status_json(web_bundle.config_path)["schools"]}
    assert {rows[s]["status"] for s in _SCHOOLS} == {"received"}


def test_the_offices_mail_assigned_to_one_school_can_still_be_counted_for_each(
    web_bundle_again: WebThread,
) -> None:
    """A clerk clicked «Gán cho Trường Tiểu học Mỹ An» on the office's mail of two schools' reports. The
    page warned that Mỹ Lạc's report counted for no school and said to use «Tính cho từng trường» on the
    message's page, which offered it only while the mail waited: once assigned, only `baocao split` could."""
    web = web_bundle_again
    clerk = login(web, CLERK)
    queue = clerk.get(f"{web.url}/review")
    items = clerk.get(f"{web.url}/review", params={"format": "json"}).json()["items"]
    [bundle] = [i for i in items if i["subject"] == "BC NQ121 các trường nộp qua Zalo"]
    key = bundle["key"]
    assigned = clerk.post(
        f"{web.url}/messages/{key}/assign",
        data={
            "csrf_token": _token(queue.text),
            "next": "/review",
            "seen": str(bundle["seen"]),
            "school_id": "th-my-an",
        },
    )
    assert "Đã gán thư cho Trường Tiểu học Mỹ An." in assigned.text
    assert "(nút «Tính cho từng trường» trên trang của thư)" in assigned.text
    page = clerk.get(f"{web.url}/messages/{key}").text
    assert f'action="/messages/{key}/split"' in page and "Tính cho từng trường" in page
    seen = clerk.get(f"{web.url}/messages/{key}", params={"format": "json"}).json()["seen"]
    done = clerk.post(
        f"{web.url}/messages/{key}/split",
        data={"csrf_token": _token(page), "seen": str(seen)},
    )
    assert "Đã tính thư cho từng trường." in done.text, done.text
    rows = {s["school_id"]: s for s in status_json(web.config_path)["schools"]}
    assert {rows[s]["status"] for s in _SCHOOLS} == {"received"}
    counted = clerk.get(f"{web.url}/messages/{key}").text
    assert f'action="/messages/{key}/split"' not in counted  # so counted already: nothing more to offer
