"""The events service: events and their lifecycle, round tables with their members and meetings, and
the organisations directory."""
