"""The deadline moved for every school of the page at once, as an office moves it after floods."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.web.conftest import CLERK, LATE_SCHOOL, VIEWER, WebThread, _serve, make_district, status_json
from tests.web.test_security import _token, login

MY_AN = {"mg-my-an", "th-my-an", "thcs-my-an"}  # the schools of unit xa-my-an (see in_units)


@pytest.fixture(scope="module")
def web_moved(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebThread]:
    """A district of two units, for this module alone: it moves the season's deadline."""
    yield from _serve(make_district(tmp_path_factory.mktemp("moved"), units=True))


def _extended(web: WebThread) -> dict[str, str]:
    return {
        s["school_id"]: s["extension"]["until"]
        for s in status_json(web.config_path)["schools"]
        if s["extension"]
    }


def test_a_deadline_moved_on_the_overview_extends_the_units_schools_then_everyones(
    web_moved: WebThread,
) -> None:
    """Moving a season's deadline took a form per school on each school's page; the overview now moves
    it for every school it shows (the unit's, when one is chosen), and withdraws that move."""
    clerk = login(web_moved, CLERK)
    url = f"{web_moved.url}/season/nq121/2021"
    shown = clerk.get(url, params={"unit": "xa-my-an"}).text
    assert "Gia hạn chung cho mọi trường của UBND xã Mỹ An" in shown
    form = {"csrf_token": _token(shown), "until": "31/10/2021", "reason": "Lũ"}

    done = clerk.post(f"{url}/extensions", params={"unit": "xa-my-an"}, data=form)

    assert "Đã gia hạn đến 31/10/2021 cho 3 trường." in done.text
    assert _extended(web_moved) == dict.fromkeys(MY_AN, "2021-10-31")
    assert (
        next(s for s in status_json(web_moved.config_path)["schools"] if s["school_id"] == LATE_SCHOOL)[
            "status"
        ]
        == "late"
    )

    everyone = clerk.post(f"{url}/extensions", data=form)
    assert "Đã gia hạn đến 31/10/2021 cho" in everyone.text
    late = next(s for s in status_json(web_moved.config_path)["schools"] if s["school_id"] == LATE_SCHOOL)
    assert late["status"] == "received"  # its report of 28/10 is within the new deadline
    assert "đã lùi cho mọi trường đến <strong>hết ngày 31/10/2021" in clerk.get(url).text
    assert clerk.get(url, params={"format": "json"}).json()["moved_to"] == "2021-10-31"

    undone = clerk.post(f"{url}/extensions", params={"unit": "xa-my-an"}, data={**form, "undo": "1"})
    assert "Đã bỏ gia hạn đến 31/10/2021 của 3 trường." in undone.text
    extended = _extended(web_moved)
    assert LATE_SCHOOL in extended and not MY_AN & extended.keys()
    # Mỹ An's schools have the deadline of all again; the others keep the move, which the heading says.
    heading = clerk.get(url).text
    assert "đã lùi cho mọi trường" not in heading
    owing = len(status_json(web_moved.config_path)["schools"])
    assert f"đã lùi đến <strong>hết ngày 31/10/2021</strong> cho {len(extended)}/{owing} trường" in heading
    refused = clerk.post(f"{url}/extensions", data={**form, "until": "20/10/2021"})
    assert "Chưa ghi được: ngày gia hạn 20/10/2021 phải sau hạn nộp chung 25/10/2021" in refused.text


def test_a_viewer_is_not_offered_to_move_the_deadline(web_moved: WebThread) -> None:
    viewer = login(web_moved, VIEWER)
    assert 'id="extend-all"' not in viewer.get(f"{web_moved.url}/season/nq121/2021").text
