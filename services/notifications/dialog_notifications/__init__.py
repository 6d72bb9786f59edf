"""The notifications service: email and SMS in the recipient's language, reminders, templates
and the delivery log."""
