"""Rules of the mediation service that need no I/O."""
