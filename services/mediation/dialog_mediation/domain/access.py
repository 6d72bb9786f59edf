"""Who may do what: the access rules of the mediation service as ONE table.

Each action maps each role to a grant: ``ALL`` (any case), ``ASSIGNED`` (only cases the staff
member is assigned to as a mediator) or nothing (refused). A staff member with several roles
gets the widest grant of them. ``decide`` is the only place the table is read; the API's guard
(api/guard.py) calls it for every route.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable


class Grant(enum.IntEnum):
    NONE = 0
    ASSIGNED = 1
    ALL = 2


class Action(enum.StrEnum):
    OPEN_CASE = "open_case"
    LIST_CASES = "list_cases"
    VIEW_STATUS = "view_status"  # that the case exists, its reference, title, status
    READ_DETAILS = "read_details"  # description, requester
    EDIT_CASE = "edit_case"
    CHANGE_STATUS = "change_status"
    ASSIGN_MEDIATORS = "assign_mediators"
    READ_PARTIES = "read_parties"  # with their contact channels
    MANAGE_PARTIES = "manage_parties"
    READ_NOTES = "read_notes"
    WRITE_NOTES = "write_notes"
    READ_SESSIONS = "read_sessions"
    MANAGE_SESSIONS = "manage_sessions"
    READ_AUDIT = "read_audit"
    READ_FIGURES = "read_figures"
    READ_ORGANISATIONS = "read_organisations"


ALL, ASSIGNED = Grant.ALL, Grant.ASSIGNED

#: action -> role -> grant; a role not named is refused.
ACCESS: dict[Action, dict[str, Grant]] = {
    Action.OPEN_CASE: {"admin": ALL, "staff": ALL, "mediator": ALL},
    Action.LIST_CASES: {"admin": ALL, "staff": ALL, "mediator": ASSIGNED},
    Action.VIEW_STATUS: {"admin": ALL, "staff": ALL, "mediator": ASSIGNED},
    Action.READ_DETAILS: {"admin": ALL, "mediator": ASSIGNED},
    Action.EDIT_CASE: {"admin": ALL, "mediator": ASSIGNED},
    Action.CHANGE_STATUS: {"admin": ALL, "mediator": ASSIGNED},
    Action.ASSIGN_MEDIATORS: {"admin": ALL},
    Action.READ_PARTIES: {"admin": ALL, "mediator": ASSIGNED},
    Action.MANAGE_PARTIES: {"admin": ALL, "mediator": ASSIGNED},
    Action.READ_NOTES: {"admin": ALL, "mediator": ASSIGNED},
    Action.WRITE_NOTES: {"admin": ALL, "mediator": ASSIGNED},
    Action.READ_SESSIONS: {"admin": ALL, "mediator": ASSIGNED},
    Action.MANAGE_SESSIONS: {"admin": ALL, "mediator": ASSIGNED},
    Action.READ_AUDIT: {"admin": ALL},
    Action.READ_FIGURES: {"admin": ALL, "staff": ALL},
    Action.READ_ORGANISATIONS: {"admin": ALL, "staff": ALL, "mediator": ALL},
}


def grant_of(roles: Iterable[str], action: Action) -> Grant:
    """The widest grant any of ``roles`` has for ``action``."""
    rules = ACCESS[action]
    return max((rules.get(role, Grant.NONE) for role in roles), default=Grant.NONE)


def roles_admitted(action: Action) -> tuple[str, ...]:
    """The roles that may use ``action`` on at least some case (for the route's role check)."""
    return tuple(sorted(role for role, grant in ACCESS[action].items() if grant > Grant.NONE))


def decide(
    roles: Iterable[str], subject: str, action: Action, assigned: Iterable[str] | None
) -> bool:
    """May this staff member do ``action``? ``assigned``: the mediators' subjects of the case
    concerned, or None when the action concerns no single case (a list: an ``ASSIGNED`` grant
    then admits the request and the list is narrowed to the assigned cases, see queries)."""
    grant = grant_of(roles, action)
    if grant == Grant.ALL:
        return True
    if grant == Grant.ASSIGNED:
        return assigned is None or subject in set(assigned)
    return False
