"""The pages: one blueprint per screen, each turning a request into calls of the clients."""
