"""The access table's rules: widest grant of a person's roles, "only if assigned" for mediators."""

import pytest

from dialog_mediation.domain.access import ACCESS, Action, Grant, decide, grant_of, roles_admitted


def test_every_action_has_a_rule_and_admits_someone():
    assert set(ACCESS) == set(Action)
    assert all(roles_admitted(action) for action in Action)


@pytest.mark.parametrize("action", [Action.READ_NOTES, Action.READ_PARTIES, Action.MANAGE_SESSIONS])
def test_mediator_acts_only_on_assigned_cases(action):
    assert decide({"mediator"}, "med-1", action, ["med-1", "med-2"])
    assert not decide({"mediator"}, "med-3", action, ["med-1", "med-2"])
    assert not decide({"mediator"}, "med-1", action, [])


@pytest.mark.parametrize("action", [Action.READ_NOTES, Action.READ_PARTIES, Action.READ_DETAILS])
def test_staff_never_reads_confidential_parts(action):
    assert grant_of({"staff"}, action) == Grant.NONE
    assert not decide({"staff"}, "staff-1", action, ["staff-1"])


def test_staff_sees_existence_and_status_of_any_case():
    assert decide({"staff"}, "staff-1", Action.VIEW_STATUS, ["med-1"])


def test_admin_acts_on_any_case_and_reads_the_audit():
    assert decide({"admin"}, "adm", Action.READ_NOTES, [])
    assert decide({"admin"}, "adm", Action.READ_AUDIT, None)
    assert not decide({"mediator", "staff"}, "med-1", Action.READ_AUDIT, None)


def test_the_widest_grant_of_several_roles_counts():
    assert grant_of({"staff", "mediator"}, Action.VIEW_STATUS) == Grant.ALL
    assert grant_of({"staff", "mediator"}, Action.READ_NOTES) == Grant.ASSIGNED
    assert grant_of(set(), Action.VIEW_STATUS) == Grant.NONE


def test_a_list_with_an_assigned_grant_is_admitted_for_narrowing():
    assert decide({"mediator"}, "med-1", Action.LIST_CASES, None)
    assert grant_of({"mediator"}, Action.LIST_CASES) == Grant.ASSIGNED
