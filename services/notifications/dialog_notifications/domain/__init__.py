"""Rules of the notifications service that need no I/O."""
