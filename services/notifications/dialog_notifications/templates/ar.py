"""Arabic texts (right to left). ``body`` paragraphs and ``sms`` are Jinja templates."""

TEXTS = {
    "greeting": "مرحباً {{ name }}،",
    "stop": "إيقاف التذكيرات: {{ stop_url }}",
    "stop_label": "إيقاف التذكيرات",
    "confirm_email": {
        "subject": "يرجى تأكيد بريدك الإلكتروني: {{ title }}",
        "body": [
            "لقد سجّلت في «{{ title }}» يوم {{ date }} الساعة {{ time }}.",
            "يرجى تأكيد بريدك الإلكتروني حتى نحجز مقعدك: {{ confirm_url }}",
        ],
    },
    "seat_confirmed": {
        "subject": "تم تأكيد مقعدك: {{ title }}",
        "body": [
            "تم تأكيد مقعدك في «{{ title }}».",
            "الموعد: {{ date }}، الساعة {{ time }}. المكان: {{ place }}.",
            "تجد الموعد لتقويمك في المرفق.",
            "إذا لم تتمكن من الحضور، يرجى الإلغاء: {{ cancel_url }}",
        ],
    },
    "waitlisted": {
        "subject": "أنت على قائمة الانتظار: {{ title }}",
        "body": [
            "«{{ title }}» يوم {{ date }} مكتمل. ترتيبك في قائمة الانتظار هو {{ position }}، "
            "وسنراسلك فور توفر مقعد.",
            "الخروج من قائمة الانتظار: {{ cancel_url }}",
        ],
    },
    "promoted": {
        "subject": "توفر مقعد: {{ title }}",
        "body": [
            "خبر سار: توفر مقعد في «{{ title }}» وهو الآن لك.",
            "الموعد: {{ date }}، الساعة {{ time }}. المكان: {{ place }}.",
            "إذا لم تتمكن من الحضور، يرجى الإلغاء: {{ cancel_url }}",
        ],
    },
    "cancelled": {
        "subject": "تم الإلغاء: {{ title }}",
        "body": [
            "{% if cancelled_by == 'event_cancelled' %}نأسف، لن تُقام «{{ title }}» يوم "
            "{{ date }}.{% elif cancelled_by == 'staff' %}ألغى فريقنا تسجيلك في «{{ title }}»."
            "{% elif cancelled_by == 'expired' %}لم يتم تأكيد تسجيلك في «{{ title }}» في الوقت "
            "المحدد فانتهت صلاحيته.{% else %}لقد ألغيت تسجيلك في «{{ title }}».{% endif %}",
            "{% if reason %}السبب: {{ reason }}{% endif %}",
        ],
    },
    "event_changed": {
        "subject": "تغيير: {{ title }}",
        "body": [
            "حدث تغيير في «{{ title }}».",
            "سابقاً: {{ old_date }}، الساعة {{ old_time }}، {{ old_place }}.",
            "الآن: {{ date }}، الساعة {{ time }}، {{ place }}.",
            "إذا لم تعد تستطيع الحضور، يرجى الإلغاء: {{ cancel_url }}",
        ],
    },
    "invitation": {
        "subject": "دعوة: {{ round_table_name }} يوم {{ date }}",
        "body": [
            "ندعوك{% if organisation_name %} بصفتك ممثلاً عن {{ organisation_name }}{% endif %} "
            "إلى اجتماع {{ round_table_name }}: «{{ title }}».",
            "الموعد: {{ date }}، الساعة {{ time }}. المكان: {{ place }}.",
            "قبول: {{ accept_url }}",
            "اعتذار: {{ decline_url }}",
        ],
    },
    "mediation_invitation": {
        "subject": "دعوة إلى جلسة، المرجع {{ case_reference }}",
        "body": [
            "ندعوك إلى جلسة (المرجع {{ case_reference }}).",
            "الموعد: {{ date }}، الساعة {{ time }}. المكان: {{ place }}.",
        ],
    },
    "mediation_changed": {
        "subject": "تغيير موعد الجلسة، المرجع {{ case_reference }}",
        "body": [
            "تم تغيير موعد جلستك ({{ case_reference }}).",
            "سابقاً: {{ old_date }}، الساعة {{ old_time }}، {{ old_place }}.",
            "الآن: {{ date }}، الساعة {{ time }}، {{ place }}.",
        ],
    },
    "mediation_cancelled": {
        "subject": "إلغاء الجلسة، المرجع {{ case_reference }}",
        "body": ["أُلغيت جلستك يوم {{ date }} ({{ case_reference }})."],
    },
    "reminder": {
        "subject": "تذكير: {{ title }} يوم {{ date }}",
        "body": [
            "نذكّرك بـ«{{ title }}».",
            "الموعد: {{ date }}، الساعة {{ time }}. المكان: {{ place }}.",
            "إذا لم تتمكن من الحضور، يرجى الإلغاء: {{ cancel_url }}",
        ],
        "sms": "تذكير: {{ title }}، {{ short_date }} {{ time }}",
    },
}
