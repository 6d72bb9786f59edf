"""The events service's HTTP interface."""
