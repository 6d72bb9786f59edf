"""Message templates: per language one module of texts per kind (Jinja strings), and two
layouts (text and HTML, the latter autoescaped) that every email shares."""
