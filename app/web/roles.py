"""What a staff account may do on the page; light to import, so the CLI can offer the roles as choices."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    VIEWER = "viewer"  # reads every page and file
    CLERK = "clerk"  # also assigns mail, grants extensions and exemptions, records paper copies


ROLE_LABELS = {Role.VIEWER: "Chỉ xem", Role.CLERK: "Văn thư, chuyên viên"}
