"""Turkish texts. ``body`` paragraphs and ``sms`` are Jinja templates."""

TEXTS = {
    "greeting": "Merhaba {{ name }},",
    "stop": "Hatırlatma almak istemiyorum: {{ stop_url }}",
    "stop_label": "Hatırlatma almak istemiyorum",
    "confirm_email": {
        "subject": "Lütfen e-posta adresinizi onaylayın: {{ title }}",
        "body": [
            "{{ date }} saat {{ time }} tarihindeki „{{ title }}“ etkinliğine kaydoldunuz.",
            "Yerinizi ayırabilmemiz için lütfen e-posta adresinizi onaylayın: {{ confirm_url }}",
        ],
    },
    "seat_confirmed": {
        "subject": "Yeriniz onaylandı: {{ title }}",
        "body": [
            "„{{ title }}“ için yeriniz onaylandı.",
            "Ne zaman: {{ date }}, saat {{ time }}. Nerede: {{ place }}.",
            "Takviminiz için randevu ektedir.",
            "Katılamayacaksanız lütfen iptal edin: {{ cancel_url }}",
        ],
    },
    "waitlisted": {
        "subject": "Bekleme listesindesiniz: {{ title }}",
        "body": [
            "{{ date }} tarihindeki „{{ title }}“ dolu. Bekleme listesinde {{ position }}. "
            "sıradasınız; bir yer boşalır boşalmaz size haber vereceğiz.",
            "Bekleme listesinden çıkmak için: {{ cancel_url }}",
        ],
    },
    "promoted": {
        "subject": "Bir yer boşaldı: {{ title }}",
        "body": [
            "Müjde: „{{ title }}“ için bir yer boşaldı ve artık sizin.",
            "Ne zaman: {{ date }}, saat {{ time }}. Nerede: {{ place }}.",
            "Katılamayacaksanız lütfen iptal edin: {{ cancel_url }}",
        ],
    },
    "cancelled": {
        "subject": "İptal edildi: {{ title }}",
        "body": [
            "{% if cancelled_by == 'event_cancelled' %}{{ date }} tarihindeki „{{ title }}“ "
            "maalesef yapılmayacak.{% elif cancelled_by == 'staff' %}„{{ title }}“ kaydınız "
            "ekibimiz tarafından iptal edildi.{% elif cancelled_by == 'expired' %}„{{ title }}“ "
            "kaydınız zamanında onaylanmadığı için geçersiz oldu.{% else %}„{{ title }}“ "
            "kaydınızı iptal ettiniz.{% endif %}",
            "{% if reason %}Sebep: {{ reason }}{% endif %}",
        ],
    },
    "event_changed": {
        "subject": "Değişiklik: {{ title }}",
        "body": [
            "„{{ title }}“ etkinliğinde bir değişiklik oldu.",
            "Önceki: {{ old_date }}, saat {{ old_time }}, {{ old_place }}.",
            "Yeni: {{ date }}, saat {{ time }}, {{ place }}.",
            "Artık katılamayacaksanız lütfen iptal edin: {{ cancel_url }}",
        ],
    },
    "invitation": {
        "subject": "Davet: {{ round_table_name }}, {{ date }}",
        "body": [
            "Sizi{% if organisation_name %} {{ organisation_name }} temsilcisi olarak{% endif %} "
            "{{ round_table_name }} toplantısına davet ediyoruz: „{{ title }}“.",
            "Ne zaman: {{ date }}, saat {{ time }}. Nerede: {{ place }}.",
            "Kabul et: {{ accept_url }}",
            "Reddet: {{ decline_url }}",
        ],
    },
    "mediation_invitation": {
        "subject": "Görüşme daveti, dosya {{ case_reference }}",
        "body": [
            "Sizi bir görüşmeye davet ediyoruz (dosya {{ case_reference }}).",
            "Ne zaman: {{ date }}, saat {{ time }}. Nerede: {{ place }}.",
        ],
    },
    "mediation_changed": {
        "subject": "Görüşme ertelendi, dosya {{ case_reference }}",
        "body": [
            "Görüşmeniz ({{ case_reference }}) başka bir zamana alındı.",
            "Önceki: {{ old_date }}, saat {{ old_time }}, {{ old_place }}.",
            "Yeni: {{ date }}, saat {{ time }}, {{ place }}.",
        ],
    },
    "mediation_cancelled": {
        "subject": "Görüşme iptal edildi, dosya {{ case_reference }}",
        "body": ["{{ date }} tarihindeki görüşmeniz ({{ case_reference }}) iptal edildi."],
    },
    "reminder": {
        "subject": "Hatırlatma: {{ title }}, {{ date }}",
        "body": [
            "„{{ title }}“ etkinliğini hatırlatırız.",
            "Ne zaman: {{ date }}, saat {{ time }}. Nerede: {{ place }}.",
            "Katılamayacaksanız lütfen iptal edin: {{ cancel_url }}",
        ],
        "sms": "Hatırlatma: {{ title }}, {{ short_date }} {{ time }}, {{ place }}",
    },
}
