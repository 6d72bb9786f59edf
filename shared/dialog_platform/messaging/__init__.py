"""Reliable messaging between services: envelope, contracts, outbox, relay, inbox, consumer."""
