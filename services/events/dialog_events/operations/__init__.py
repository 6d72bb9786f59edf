"""Use cases of the events service, one module per thing they change: events, organisations,
round tables. They flush and write outbox rows; the view commits once."""
