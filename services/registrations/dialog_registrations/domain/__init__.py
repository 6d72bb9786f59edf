"""Rules of the registrations service that need no I/O."""
