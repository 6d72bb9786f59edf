"""A session's status changes only through ``domain.sessions.advance``: every change the use
cases make is in the table (and the table holds no change they never make), every other change
is refused with a sentence, and no other module of the package writes a session's status."""

import ast
import itertools
from pathlib import Path

import pytest

import dialog_mediation
from dialog_mediation.domain.errors import TransitionRefused
from dialog_mediation.domain.sessions import TRANSITIONS, SessionStatus, advance, can_change

S = SessionStatus
PACKAGE = Path(dialog_mediation.__file__).parent
DOMAIN = PACKAGE / "domain" / "sessions.py"
MODULES = [path for path in sorted(PACKAGE.rglob("*.py")) if path != DOMAIN]

#: The change each use case makes (all in operations/sessions.py): (from, to); None is "no
#: session yet". Written by hand from what staff can do with a session, independently of
#: TRANSITIONS.
PERFORMED = {
    "schedule_session": (None, S.SCHEDULED),
    "reschedule_session": (S.SCHEDULED, S.SCHEDULED),
    "cancel_session": (S.SCHEDULED, S.CANCELLED),
}


class Held:
    def __init__(self, status: SessionStatus, version: int = 1) -> None:
        self.status, self.version = status, version


def _advance_calls(tree: ast.AST) -> dict[str, list[tuple[str | None, str]]]:
    """Per function: each ``advance(subject, SessionStatus.X)`` call as (None when the subject
    is the literal None, else "held"; X)."""
    calls: dict[str, list] = {}
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "advance":
                subject, target = node.args
                held = None if isinstance(subject, ast.Constant) else "held"
                calls.setdefault(function.name, []).append((held, target.attr))
    return calls


def test_the_use_cases_make_exactly_the_changes_listed():
    found = {}
    for path in MODULES:
        found |= _advance_calls(ast.parse(path.read_text()))
    expected = {
        name: [(None if current is None else "held", target.name)]
        for name, (current, target) in PERFORMED.items()
    }
    assert found == expected


@pytest.mark.parametrize(("current", "target"), PERFORMED.values(), ids=PERFORMED.keys())
def test_every_change_made_is_in_the_table(current, target):
    assert can_change(current, target)
    subject = None if current is None else Held(current, version=4)
    assert advance(subject, target) == {
        "status": target,
        "version": 1 if current is None else 5,
    }


def test_the_table_holds_no_change_that_is_never_made():
    in_table = {(current, target) for current, targets in TRANSITIONS.items() for target in targets}
    assert in_table == set(PERFORMED.values())


@pytest.mark.parametrize(
    ("current", "target"),
    [
        pair
        for pair in itertools.product([None, *SessionStatus], SessionStatus)
        if pair not in PERFORMED.values()
    ],
)
def test_every_other_change_is_refused_with_a_sentence(current, target):
    with pytest.raises(TransitionRefused) as refused:
        advance(None if current is None else Held(current), target)
    assert str(refused.value).endswith(".")


def test_a_cancelled_session_says_why_it_cannot_change():
    with pytest.raises(TransitionRefused, match="already cancelled"):
        advance(Held(S.CANCELLED), S.CANCELLED)
    with pytest.raises(TransitionRefused, match="cannot be rescheduled"):
        advance(Held(S.CANCELLED), S.SCHEDULED)


def _writes_a_session_status(source: str) -> list[int]:
    """Lines of a module that write a status other than through ``advance``: assigning any
    ``.status`` attribute or ``setattr(x, "status", ...)`` (an AST cannot tell a session from a
    case, and no module assigns a case's status either: cases change it with their own
    conditional UPDATE); and, in a module that names ``MediationSession``, any call given a
    ``status`` keyword or a dict with a ``"status"`` key (a constructor, ``.values(...)``, a
    helper of the module)."""
    names_sessions = "MediationSession" in source
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Attribute) and t.attr == "status" for t in targets):
                lines.append(node.lineno)
        elif isinstance(node, ast.Call):
            if getattr(node.func, "id", None) == "setattr":
                if getattr(node.args[1], "value", None) == "status":
                    lines.append(node.lineno)
                continue
            given = [k.value for k in node.keywords if k.arg is None] + list(node.args)
            keys = [key for d in given if isinstance(d, ast.Dict) for key in d.keys]
            if names_sessions and (
                any(k.arg == "status" for k in node.keywords)
                or any(getattr(key, "value", None) == "status" for key in keys)
            ):
                lines.append(node.lineno)
    return lines


@pytest.mark.parametrize(
    "source",
    [
        "sess.status = SessionStatus.CANCELLED",
        "setattr(sess, 'status', 'cancelled')",
        "MediationSession(case_id=c, status='scheduled', version=1)",
        "update(MediationSession).where(x).values(status='cancelled')",
        "update(MediationSession).values(**{'status': 'cancelled'})",
        "_bump(session, sess, status='cancelled')",
    ],
)
def test_the_check_sees_a_status_written_by_hand(source):
    module = f"from ..models import MediationSession\n{source}\n"
    assert _writes_a_session_status(module) == [2]


def test_the_check_lets_a_case_be_opened_new():
    assert _writes_a_session_status("Case(reference=r, status=CaseStatus.NEW)") == []


def test_only_the_domain_module_writes_a_session_status():
    found = {
        str(path.relative_to(PACKAGE)): lines
        for path in MODULES
        if (lines := _writes_a_session_status(path.read_text()))
    }
    assert found == {}
