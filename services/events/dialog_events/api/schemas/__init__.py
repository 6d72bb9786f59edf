"""Request and response schemas of the events API, one module per resource: events,
organisations, round tables (the shared pieces, ``StrictSchema`` and ``PhoneNumber``, are in
dialog_platform.web.schemas)."""
