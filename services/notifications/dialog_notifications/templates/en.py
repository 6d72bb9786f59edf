"""English texts. ``body`` paragraphs and ``sms`` are Jinja templates."""

TEXTS = {
    "greeting": "Hello {{ name }},",
    "stop": "Stop receiving reminders: {{ stop_url }}",
    "stop_label": "Stop receiving reminders",
    "confirm_email": {
        "subject": "Please confirm your email address: {{ title }}",
        "body": [
            "You signed up for “{{ title }}” on {{ date }} at {{ time }}.",
            "Please confirm your email address so that we can keep your seat: {{ confirm_url }}",
        ],
    },
    "seat_confirmed": {
        "subject": "Your seat is confirmed: {{ title }}",
        "body": [
            "Your seat for “{{ title }}” is confirmed.",
            "When: {{ date }}, {{ time }}. Where: {{ place }}.",
            "The appointment for your calendar is attached.",
            "If you cannot come, please cancel: {{ cancel_url }}",
        ],
    },
    "waitlisted": {
        "subject": "You are on the waiting list: {{ title }}",
        "body": [
            "“{{ title }}” on {{ date }} is fully booked. You are number {{ position }} on the "
            "waiting list; we will write to you as soon as a seat becomes free.",
            "Leave the waiting list: {{ cancel_url }}",
        ],
    },
    "promoted": {
        "subject": "A seat became free: {{ title }}",
        "body": [
            "Good news: a seat for “{{ title }}” became free and it is now yours.",
            "When: {{ date }}, {{ time }}. Where: {{ place }}.",
            "If you cannot come, please cancel: {{ cancel_url }}",
        ],
    },
    "cancelled": {
        "subject": "Cancelled: {{ title }}",
        "body": [
            "{% if cancelled_by == 'event_cancelled' %}Unfortunately “{{ title }}” on {{ date }} "
            "will not take place.{% elif cancelled_by == 'staff' %}Your registration for "
            "“{{ title }}” was cancelled by our team.{% elif cancelled_by == 'expired' %}Your "
            "registration for “{{ title }}” was not confirmed in time and has expired.{% else %}"
            "You cancelled your registration for “{{ title }}”.{% endif %}",
            "{% if reason %}Reason: {{ reason }}{% endif %}",
        ],
    },
    "event_changed": {
        "subject": "Changed: {{ title }}",
        "body": [
            "Something has changed for “{{ title }}”.",
            "Before: {{ old_date }}, {{ old_time }}, {{ old_place }}.",
            "Now: {{ date }}, {{ time }}, {{ place }}.",
            "If you can no longer come, please cancel: {{ cancel_url }}",
        ],
    },
    "invitation": {
        "subject": "Invitation: {{ round_table_name }} on {{ date }}",
        "body": [
            "We invite you{% if organisation_name %} as a delegate of {{ organisation_name }}"
            "{% endif %} to the meeting of {{ round_table_name }}: “{{ title }}”.",
            "When: {{ date }}, {{ time }}. Where: {{ place }}.",
            "Accept: {{ accept_url }}",
            "Decline: {{ decline_url }}",
        ],
    },
    "mediation_invitation": {
        "subject": "Invitation to a meeting, reference {{ case_reference }}",
        "body": [
            "We invite you to a meeting (reference {{ case_reference }}).",
            "When: {{ date }}, {{ time }}. Where: {{ place }}.",
        ],
    },
    "mediation_changed": {
        "subject": "Meeting moved, reference {{ case_reference }}",
        "body": [
            "Your meeting ({{ case_reference }}) has been moved.",
            "Before: {{ old_date }}, {{ old_time }}, {{ old_place }}.",
            "Now: {{ date }}, {{ time }}, {{ place }}.",
        ],
    },
    "mediation_cancelled": {
        "subject": "Meeting cancelled, reference {{ case_reference }}",
        "body": ["Your meeting on {{ date }} ({{ case_reference }}) is cancelled."],
    },
    "reminder": {
        "subject": "Reminder: {{ title }} on {{ date }}",
        "body": [
            "This is a reminder of “{{ title }}”.",
            "When: {{ date }}, {{ time }}. Where: {{ place }}.",
            "If you cannot come, please cancel: {{ cancel_url }}",
        ],
        "sms": "Reminder: {{ title }}, {{ short_date }} {{ time }}, {{ place }}",
    },
}
