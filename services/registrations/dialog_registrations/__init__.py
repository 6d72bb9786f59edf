"""The registrations service of the Dialog platform."""
