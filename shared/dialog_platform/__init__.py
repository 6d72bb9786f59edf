"""Shared library of the Dialog platform services."""
