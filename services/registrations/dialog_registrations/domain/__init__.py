"""Pure rules of the registrations service."""
