"""The notifications service's HTTP interface."""
