"""Every route of the notifications API met the way a careless client and an attacker meet it
(without a token, a forged or expired one, the wrong role; malformed ids, queries and bodies):
never a 5xx, always a sentence, nothing changed by a refused change (``testing.walk``)."""

from dialog_platform.testing.walk import walk


def test_every_route_survives_the_walk(app):
    ids = {"kind": "reminder", "language": "de"}
    assert walk(app, app.test_client(), ids, role="admin") == []
