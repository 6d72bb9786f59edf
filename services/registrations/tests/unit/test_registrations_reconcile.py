"""Who is invited to a round table's coming meetings follows from its snapshot alone."""

import uuid

from dialog_registrations.domain.reconcile import Held, reconcile

M1, M2, A, B, C = (uuid.uuid4() for _ in range(5))


def held(meeting, delegate, status="sent", source="round_table", reason=None):
    return Held(uuid.uuid4(), meeting, delegate, status, source, reason)


def test_a_new_delegate_is_invited_to_every_coming_meeting_and_a_removed_one_withdrawn():
    current = [held(M1, A), held(M1, B), held(M2, A), held(M2, B, status="accepted")]
    plan = reconcile({A, C}, [M1, M2], current)
    assert set(plan.invite) == {(M1, C), (M2, C)}
    assert plan.cancel == (current[1].invitation_id,)  # the accepted one stays


def test_the_same_snapshot_twice_plans_nothing_more():
    first = reconcile({A}, [M1], [])
    assert first.invite == ((M1, A),)
    assert reconcile({A}, [M1], [held(M1, A)]) == type(first)((), ())


def test_staff_invitations_stay_and_a_delegate_back_again_is_invited_again():
    by_staff = held(M1, B, source="staff")
    removed = held(M1, C, status="cancelled", reason="delegate_removed")
    withdrawn = held(M1, A, status="cancelled", reason="staff")
    plan = reconcile({A, C}, [M1], [by_staff, removed, withdrawn])
    assert plan.invite == ((M1, C),) and plan.cancel == ()
