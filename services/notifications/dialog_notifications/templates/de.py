"""German texts (the default language). ``body`` paragraphs and ``sms`` are Jinja templates."""

TEXTS = {
    "greeting": "Guten Tag {{ name }},",
    "stop": "Keine Erinnerungen mehr erhalten: {{ stop_url }}",
    "stop_label": "Keine Erinnerungen mehr erhalten",
    "confirm_email": {
        "subject": "Bitte bestätigen Sie Ihre E-Mail-Adresse: {{ title }}",
        "body": [
            "Sie haben sich für „{{ title }}“ am {{ date }} um {{ time }} Uhr angemeldet.",
            "Bitte bestätigen Sie Ihre E-Mail-Adresse, damit wir Ihren Platz festhalten: "
            "{{ confirm_url }}",
        ],
    },
    "seat_confirmed": {
        "subject": "Ihr Platz ist bestätigt: {{ title }}",
        "body": [
            "Ihr Platz für „{{ title }}“ ist bestätigt.",
            "Wann: {{ date }}, {{ time }} Uhr. Wo: {{ place }}.",
            "Den Termin für Ihren Kalender finden Sie im Anhang.",
            "Falls Sie nicht kommen können, sagen Sie bitte ab: {{ cancel_url }}",
        ],
    },
    "waitlisted": {
        "subject": "Sie stehen auf der Warteliste: {{ title }}",
        "body": [
            "„{{ title }}“ am {{ date }} ist ausgebucht. Sie stehen auf Platz {{ position }} "
            "der Warteliste und bekommen Nachricht, sobald ein Platz frei wird.",
            "Abmelden: {{ cancel_url }}",
        ],
    },
    "promoted": {
        "subject": "Ein Platz ist frei geworden: {{ title }}",
        "body": [
            "Gute Nachricht: Für „{{ title }}“ ist ein Platz frei geworden, er gehört jetzt Ihnen.",
            "Wann: {{ date }}, {{ time }} Uhr. Wo: {{ place }}.",
            "Falls Sie nicht kommen können, sagen Sie bitte ab: {{ cancel_url }}",
        ],
    },
    "cancelled": {
        "subject": "Abgesagt: {{ title }}",
        "body": [
            "{% if cancelled_by == 'event_cancelled' %}Die Veranstaltung „{{ title }}“ am "
            "{{ date }} findet leider nicht statt.{% elif cancelled_by == 'staff' %}Ihre Anmeldung "
            "für „{{ title }}“ wurde von unserem Team storniert.{% elif cancelled_by == 'expired' "
            "%}Ihre Anmeldung für „{{ title }}“ wurde nicht rechtzeitig bestätigt und ist "
            "verfallen.{% else %}Sie haben Ihre Anmeldung für „{{ title }}“ abgesagt.{% endif %}",
            "{% if reason %}Grund: {{ reason }}{% endif %}",
        ],
    },
    "event_changed": {
        "subject": "Geänderter Termin: {{ title }}",
        "body": [
            "Bei „{{ title }}“ hat sich etwas geändert.",
            "Bisher: {{ old_date }}, {{ old_time }} Uhr, {{ old_place }}.",
            "Neu: {{ date }}, {{ time }} Uhr, {{ place }}.",
            "Falls Sie nun nicht kommen können, sagen Sie bitte ab: {{ cancel_url }}",
        ],
    },
    "invitation": {
        "subject": "Einladung: {{ round_table_name }} am {{ date }}",
        "body": [
            "Wir laden Sie{% if organisation_name %} als Vertretung von {{ organisation_name }}"
            "{% endif %} zur Sitzung des {{ round_table_name }} ein: „{{ title }}“.",
            "Wann: {{ date }}, {{ time }} Uhr. Wo: {{ place }}.",
            "Zusagen: {{ accept_url }}",
            "Absagen: {{ decline_url }}",
        ],
    },
    "mediation_invitation": {
        "subject": "Einladung zum Gesprächstermin {{ case_reference }}",
        "body": [
            "Wir laden Sie zu einem Gesprächstermin ein (Aktenzeichen {{ case_reference }}).",
            "Wann: {{ date }}, {{ time }} Uhr. Wo: {{ place }}.",
        ],
    },
    "mediation_changed": {
        "subject": "Geänderter Gesprächstermin {{ case_reference }}",
        "body": [
            "Ihr Gesprächstermin ({{ case_reference }}) wurde verlegt.",
            "Bisher: {{ old_date }}, {{ old_time }} Uhr, {{ old_place }}.",
            "Neu: {{ date }}, {{ time }} Uhr, {{ place }}.",
        ],
    },
    "mediation_cancelled": {
        "subject": "Gesprächstermin {{ case_reference }} entfällt",
        "body": ["Ihr Gesprächstermin am {{ date }} ({{ case_reference }}) entfällt."],
    },
    "reminder": {
        "subject": "Erinnerung: {{ title }} am {{ date }}",
        "body": [
            "Wir erinnern Sie an „{{ title }}“.",
            "Wann: {{ date }}, {{ time }} Uhr. Wo: {{ place }}.",
            "Falls Sie nicht kommen können, sagen Sie bitte ab: {{ cancel_url }}",
        ],
        "sms": "Erinnerung: {{ title }}, {{ short_date }} {{ time }} Uhr, {{ place }}",
    },
}
