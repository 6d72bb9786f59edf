"""The one place the access table is enforced: ``@guarded(action)`` on every route.

It admits the roles the table grants the action to (checked with the token, before the view),
and for a route about one case (``case_id`` in the URL) asks ``access.decide`` whether this
staff member may act on that case (a mediator only on the cases assigned to them).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from dialog_platform.auth import current_principal, roles_required
from dialog_platform.db import request_session

from .. import queries
from ..domain.access import Action, decide, roles_admitted
from ..domain.errors import AccessDenied, NotFound


def guarded(action: Action) -> Callable[[Callable], Callable]:
    def wrap(view: Callable) -> Callable:
        @functools.wraps(view)
        def checked(*args, **kwargs):
            principal = current_principal()
            assigned = None
            if "case_id" in kwargs:
                assigned = queries.assigned_subjects(request_session(), kwargs["case_id"])
                if assigned is None:
                    raise NotFound("There is no case with this id.")
            if not decide(principal.roles, principal.subject, action, assigned):
                raise AccessDenied(
                    "This case is not assigned to you, so you cannot see or change it."
                )
            return view(*args, **kwargs)

        checked._dialog_action = action  # type: ignore[attr-defined]
        return roles_required(*roles_admitted(action))(checked)

    return wrap


def may(action: Action, case) -> bool:
    """May the current staff member do ``action`` on ``case``? (for fields shown only to some)"""
    principal = current_principal()
    assigned = [mediator.subject for mediator in case.mediators]
    return decide(principal.roles, principal.subject, action, assigned)
