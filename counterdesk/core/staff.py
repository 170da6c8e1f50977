"""Staff of the branch: roles and who they are (PIN hashing and lock-out rules follow)."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Role(enum.StrEnum):
    """What a member of staff may do."""

    TELLER = "teller"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @property
    def may_authorise(self) -> bool:
        """Whether this role can authorise steps and override a finish."""
        return self in (Role.SUPERVISOR, Role.ADMIN)


@dataclass(frozen=True)
class StaffMember:
    """A member of staff as the rest of the program sees them (never the PIN).

    Attributes:
        staff_no: the staff number they sign in with.
        name: display name.
        role: teller, supervisor or admin.
        stars: star level from customer ratings (0-5), shown on the customer screen.
        photo: path of a photo for the customer screen, relative to the data dir, or None.
    """

    staff_no: str
    name: str
    role: Role
    stars: float = 0.0
    photo: str | None = None
