"""The mediation service: cases between actors, their parties, sessions, confidential notes
and the audit trail."""
