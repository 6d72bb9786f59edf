"""The registrations service's HTTP interface."""
