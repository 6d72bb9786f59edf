"""Every status change goes through ``domain.states.advance``: no other module of the service
assigns a registration's or an invitation's status (read from the source, no I/O)."""

import ast
from pathlib import Path

import dialog_registrations

PACKAGE = Path(dialog_registrations.__file__).parent
DOMAIN = PACKAGE / "domain" / "states.py"


def _status_assignments(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            for part in ast.walk(target):
                if isinstance(part, ast.Attribute) and part.attr == "status":
                    lines.append(node.lineno)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "setattr"
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value == "status"
        ):
            lines.append(node.lineno)
    return lines


def test_only_the_domain_function_assigns_a_status():
    found = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if path != DOMAIN and (lines := _status_assignments(ast.parse(path.read_text())))
    }
    assert found == {}
    assert _status_assignments(ast.parse(DOMAIN.read_text())), "the check finds assignments"


def test_every_module_that_changes_a_status_calls_advance():
    callers = {
        path.name
        for path in PACKAGE.rglob("*.py")
        if any(
            isinstance(node, ast.Call) and getattr(node.func, "id", None) == "advance"
            for node in ast.walk(ast.parse(path.read_text()))
        )
    }
    assert {"signup.py", "seats.py", "cancel.py", "checkin.py", "invitations.py"} <= callers
