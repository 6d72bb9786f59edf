"""Use cases of the notifications service, run by the message handlers, the staff API and the
stop-reminders page. They flush, never commit; the scheduler sends what they queue."""
