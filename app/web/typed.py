"""What a clerk typed in a form that was not recorded (refused, or sent after her session ended), kept for
the form's page to show again once: in the page's signed notice cookie, beside the notices flashed there,
never in a URL, which the server's and a proxy's logs would keep with the reason typed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask import request, session

_KEY = "typed"
# What the page's own forms carry besides what was typed; a password is never kept.
_NOT_TYPED = frozenset({"csrf_token", "password", "seen", "next"})


@dataclass(frozen=True)
class Typed:
    action: str  # the path the form was sent to, which tells the page which of its forms it was
    fields: Mapping[str, str]


def keep() -> None:
    """Keep what the form of this request holds, for the next page shown to this browser."""
    fields = {k: v for k, v in request.form.items() if k not in _NOT_TYPED}
    session[_KEY] = {"action": request.path, "fields": fields}


def taken() -> Typed | None:
    """What was kept, once: a page with forms takes it, to fill in its own form or drop another's."""
    kept = session.pop(_KEY, None)
    if not isinstance(kept, dict) or not isinstance(kept.get("fields"), dict):
        return None
    return Typed(str(kept.get("action", "")), {str(k): str(v) for k, v in kept["fields"].items()})
