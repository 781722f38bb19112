"""How a page is answered: the same data as HTML from a template, or as JSON (?format=json).

Templates in [web].templates are used before the shipped ones in app/web/templates/, as for mail.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from enum import Enum
from typing import Any

import jinja2
from flask import Flask, Response, abort, current_app, g, has_request_context, render_template, request

from app.web import accounts, hints
from kernel import timefmt
from kernel.numbers import grouped
from kernel.runtime import Runtime
from kernel.status import LABELS, SchoolState
from kernel.timefmt import local_date, local_time

JSON = "application/json"


def runtime() -> Runtime:
    """The runtime the application was built with (config, store, archive, clock)."""
    rt: Runtime = current_app.extensions["baocao"]
    return rt


def bound_unit() -> str | None:
    """The collecting unit the logged-in account is bound to (accounts.User.unit); None for an account of
    the whole office, or before login."""
    user: accounts.User | None = g.get("user")
    return user.unit if user is not None else None


def asked_unit() -> str | None:
    """The id of the collecting unit the request asks to work in, unchecked: an account bound to a unit
    asks for its own whatever the query says, so that a link or a typed ?unit= widens nothing; any other
    account for the one the query chooses (?unit=); None: every unit."""
    return bound_unit() or request.args.get("unit") or None


def chosen_unit() -> str | None:
    """The collecting unit the request works in (asked_unit), one of [[units]]; None: every unit. A unit
    the config does not have is refused with a page saying why."""
    bound = bound_unit()
    unit = asked_unit()
    if unit is not None:
        units = runtime().config.units
        if bound is not None and bound not in {u.id for u in units}:
            abort(
                403,
                description=f"Tài khoản của bạn gắn với đơn vị «{bound}», đơn vị này không còn trong tệp "
                "cấu hình. Nhờ người quản trị gắn lại tài khoản với một đơn vị (baocao user unit).",
            )
        if not units:
            abort(
                404, description=f"Phòng không chia trường theo đơn vị thu báo cáo: không có đơn vị «{unit}»."
            )
        if unit not in {u.id for u in units}:
            known = ", ".join(f"{u.id} ({u.name})" for u in units)
            abort(404, description=f"Không có đơn vị «{unit}». Các đơn vị hiện có: {known}.")
    return unit


# The pages a unit's staff go between: a link from one to another keeps the unit chosen (?unit=).
_UNIT_PAGES = frozenset(
    {
        "season.home",
        "season.overview",
        "season.schools",
        "season.school",
        "season.decide",  # its answer goes back to the school's page, of the unit chosen
        "mail.review",
        "mail.message",
        "logs.outbox",
        "logs.audit_log",
    }
)


def _keep_unit(endpoint: str, values: dict[str, Any]) -> None:
    """A link to another page of the chosen unit keeps it, unless the link names a unit (or none) itself:
    a commune's clerk who opened a school from her unit's overview came back to the whole office's."""
    if endpoint in _UNIT_PAGES and "unit" not in values and has_request_context():
        unit = request.args.get("unit")
        if unit:
            values["unit"] = unit


def person(actor: str) -> str:
    """Who did something, as the page names staff: an account of the page by its holder's name and login
    («Lê Thị Thu (vanthu)», as the header names her), anyone else (the command line's «root (dòng
    lệnh)») as the record says. The accounts are read once a request."""
    known: dict[str, str] | None = g.get("people")
    if known is None:
        known = g.people = {u.username: u.shown for u in accounts.users(runtime().store)}
    return known.get(actor, actor)


def account_unit(actor: str) -> str | None:
    """The unit (of [[units]]) the account actor is bound to; None for an account of the whole office, or
    an actor that is no account of the page (the command line's)."""
    user = accounts.get(runtime().store, actor)
    unit = user.unit if user is not None else None
    return unit if unit in {u.id for u in runtime().config.units} else None


def office_of(actor: str) -> str:
    """Whose decision something done by actor is: its account's unit's name; else the whole office's short
    name («Sở GD&ĐT Tây Ninh»)."""
    unit = account_unit(actor)
    config = runtime().config
    return config.unit(unit).name if unit is not None else config.district.short_name


def wants_json() -> bool:
    return request.args.get("format") == "json"


def page(
    template: str, data: Mapping[str, Any], status: int = 200, html: Mapping[str, Any] | None = None
) -> Response:
    """The page as HTML, or its data as JSON when asked; html holds what only the template needs."""
    if wants_json():
        return json_response(data, status)
    return Response(render_template(template, **data, **(html or {})), status=status, mimetype="text/html")


def json_response(data: Any, status: int = 200) -> Response:
    body = json.dumps(jsonable(data), ensure_ascii=False, indent=2)
    return Response(body, status=status, mimetype=JSON)


def jsonable(value: Any) -> Any:
    """Plain JSON values: moments in ISO 8601 with the district's offset, enums as their values."""
    if isinstance(value, dt.datetime):
        return value.astimezone(runtime().config.district.timezone).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bytes):
        return None  # file contents are served by the file routes, never inside JSON
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return value


def install(app: Flask) -> None:
    """The template loader (the office's folder first) and the filters every template uses."""
    config = app.extensions["baocao"].config
    loaders: list[jinja2.BaseLoader] = []
    if config.web.templates is not None:
        loaders.append(jinja2.FileSystemLoader(config.web.templates))
    loaders.append(jinja2.PackageLoader("app.web", "templates"))
    app.jinja_loader = jinja2.ChoiceLoader(loaders)
    app.url_defaults(_keep_unit)
    app.jinja_env.undefined = jinja2.StrictUndefined
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    tz = config.district.timezone
    app.jinja_env.filters["luc"] = lambda when: local_time(when, tz) if when else ""
    app.jinja_env.filters["ngay"] = lambda when: local_date(when, tz) if when else ""
    app.jinja_env.filters["vao_luc"] = lambda when: timefmt.in_words(when, tz) if when else ""
    app.jinja_env.filters["trang_thai"] = lambda state: LABELS[SchoolState(state)]
    app.jinja_env.filters["size"] = _size
    app.jinja_env.filters["tren_trang"] = hints.on_page
    app.jinja_env.filters["nguoi"] = person
    app.jinja_env.filters["so"] = lambda value: grouped(value) if isinstance(value, int) else value
    app.jinja_env.globals["district"] = config.district
    app.jinja_env.globals["UNITS"] = [(u.id, u.name) for u in config.units]
    app.jinja_env.globals["bound_unit"] = bound_unit  # an account bound to a unit is offered no other
    # An office that collects several plans' reports says which one a paper is when assigning it.
    app.jinja_env.globals["REPORTS"] = (
        [(r.id, r.title) for r in config.reports] if len(config.reports) > 1 else []
    )


def _size(length: int) -> str:
    if length < 1024:
        return f"{length} B"
    if length < 1024 * 1024:
        return f"{length / 1024:.0f} KB"
    return f"{length / 1024 / 1024:.1f} MB"
