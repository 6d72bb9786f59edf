"""Read-only questions of the events service, one module per thing they are about: events,
organisations, round tables. Use cases read through them too (with ``lock`` for the row they
are about to change); nothing here changes anything."""
