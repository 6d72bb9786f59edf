"""How the registrations service talks to the others: its publications and message handlers."""
