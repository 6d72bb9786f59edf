"""A service's error table: each exception answered with the status it is listed under and its
name in snake case as the code, unless given another."""

from dialog_platform.errors import code_of, error_table


class EventNotFound(Exception):
    pass


class CheckInRefused(Exception):
    pass


class TooManySignUps(Exception):
    pass


def test_the_code_is_the_name_in_snake_case():
    assert code_of(EventNotFound) == "event_not_found"
    assert code_of(CheckInRefused) == "check_in_refused"


def test_each_exception_is_answered_with_its_status_and_code():
    table = error_table(
        {404: (EventNotFound,), 409: (CheckInRefused,), 429: (TooManySignUps,)},
        codes={TooManySignUps: "too_many_requests"},
    )
    assert table == {
        EventNotFound: (404, "event_not_found"),
        CheckInRefused: (409, "check_in_refused"),
        TooManySignUps: (429, "too_many_requests"),
    }
