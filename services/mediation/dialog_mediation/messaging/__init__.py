"""How the mediation service talks to the others: its publications and message handlers."""
