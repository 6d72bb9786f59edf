"""The notifications service of the Dialog platform."""
