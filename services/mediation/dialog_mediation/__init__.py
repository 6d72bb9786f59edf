"""The mediation service of the Dialog platform."""
