"""Rules about events that need no I/O."""
