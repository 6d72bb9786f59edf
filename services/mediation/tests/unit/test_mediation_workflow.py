"""Every pair of statuses: the allowed changes pass, all others are refused; resolving needs an
outcome, reopening a reason."""

import itertools

import pytest

from dialog_mediation.domain.errors import InvalidRequest, TransitionRefused
from dialog_mediation.domain.workflow import CaseStatus, Outcome, check_transition

S = CaseStatus
#: Written out by hand from how a case moves on, independently of workflow.ALLOWED, so that a
#: change of the table is a change made twice, on purpose.
EXPECTED_ALLOWED = {
    (S.NEW, S.IN_PROGRESS),
    (S.IN_PROGRESS, S.ON_HOLD),
    (S.ON_HOLD, S.IN_PROGRESS),
    (S.IN_PROGRESS, S.RESOLVED),
    (S.ON_HOLD, S.RESOLVED),
    (S.RESOLVED, S.CLOSED),
    (S.RESOLVED, S.IN_PROGRESS),  # reopening
    (S.CLOSED, S.IN_PROGRESS),  # reopening
}
REOPENINGS = {(S.RESOLVED, S.IN_PROGRESS), (S.CLOSED, S.IN_PROGRESS)}
ALL_PAIRS = list(itertools.product(CaseStatus, CaseStatus))


def _needs(current, target):
    outcome = Outcome.AGREEMENT if target == S.RESOLVED else None
    reason = (
        "Die Vereinbarung wurde nicht eingehalten." if (current, target) in REOPENINGS else None
    )
    return outcome, reason


@pytest.mark.parametrize(("current", "target"), sorted(EXPECTED_ALLOWED))
def test_allowed_transition_passes_with_what_it_needs(current, target):
    outcome, reason = _needs(current, target)
    check_transition(current, target, outcome, reason)


@pytest.mark.parametrize(
    ("current", "target"), [pair for pair in ALL_PAIRS if pair not in EXPECTED_ALLOWED]
)
def test_every_other_transition_is_refused(current, target):
    outcome, reason = _needs(current, target)
    with pytest.raises(TransitionRefused, match="cannot become"):
        check_transition(current, target, outcome, reason)


@pytest.mark.parametrize("current", [S.IN_PROGRESS, S.ON_HOLD])
def test_resolving_needs_an_outcome(current):
    with pytest.raises(InvalidRequest) as refused:
        check_transition(current, S.RESOLVED)
    assert "outcome" in refused.value.errors


def test_an_outcome_is_refused_outside_resolving():
    with pytest.raises(InvalidRequest) as refused:
        check_transition(S.NEW, S.IN_PROGRESS, outcome=Outcome.PARTIAL)
    assert "outcome" in refused.value.errors


@pytest.mark.parametrize(("current", "target"), sorted(REOPENINGS))
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_reopening_needs_a_reason(current, target, reason):
    with pytest.raises(InvalidRequest) as refused:
        check_transition(current, target, reason=reason)
    assert "reason" in refused.value.errors


def test_leaving_on_hold_needs_no_reason():
    check_transition(S.ON_HOLD, S.IN_PROGRESS)
