"""The staff back office: server-rendered pages (Jinja, no JavaScript needed) on the four
services' staff APIs, called with the signed-in person's own token. It owns no business data:
only its local accounts (embedded mode) and the people's encrypted session cookies."""
