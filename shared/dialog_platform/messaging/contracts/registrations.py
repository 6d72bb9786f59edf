"""Contracts of the messages the registrations service publishes (one schema per type and version,
each with a docstring: who publishes it, when, what ``data`` holds)."""
