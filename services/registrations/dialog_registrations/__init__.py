"""The registrations service: sign-ups, seats and waiting lists, email confirmation, invitations,
check-in and the public sign-up form."""
