"""The events service of the Dialog platform."""
