"""How the notifications service talks to the others: its publications and message handlers."""
