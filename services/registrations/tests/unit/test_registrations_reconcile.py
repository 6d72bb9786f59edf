"""Who is invited to a round table's coming meetings follows from its snapshot alone."""

import uuid

from dialog_registrations.domain.reconcile import Held, address, reconcile

M1, M2, A, B, C = (uuid.uuid4() for _ in range(5))


def held(meeting, delegate, status="sent", source="round_table", reason=None, sent_to=None):
    return Held(uuid.uuid4(), meeting, delegate, status, source, reason, sent_to)


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


def test_an_open_invitation_goes_again_to_a_delegates_new_address_only():
    old, new = address("a@example.org", None), address("A@Example.org ", "+491701234567")
    sent, answered = held(M1, A, sent_to=old), held(M2, A, status="accepted", sent_to=old)
    by_staff = held(M1, B, source="staff", sent_to=old)
    plan = reconcile({A, B}, [M1, M2], [sent, answered, by_staff], {A: new, B: new})
    assert plan.readdress == (sent.invitation_id,)  # not the answered one, not staff's
    assert reconcile({A}, [M1], [sent], {A: address("A@EXAMPLE.ORG", None)}).readdress == ()
