"""Handlers of the messages the mediation service consumes (message type -> handler).

None yet: its queue and bindings exist (dialog_platform.messaging.topology.SUBSCRIPTIONS), and
the consumer acknowledges bound messages that have no handler, so nothing piles up.
"""

HANDLERS: dict = {}
