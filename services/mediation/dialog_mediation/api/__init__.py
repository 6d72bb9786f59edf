"""The mediation service's HTTP interface."""
