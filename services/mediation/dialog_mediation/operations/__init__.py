"""Use cases of the mediation service. They flush, write audit entries and outbox rows in the
caller's transaction, and never commit: the view (or consumer) commits once."""
