from django import forms

from tovholder.layout.forms import Day

from .models import Partner, Purpose

MONTHS = [(6, "Seneste 6 måneder"), (12, "Seneste 12 måneder"), (24, "Seneste 24 måneder")]


class ConsentForm(forms.Form):
    partner = forms.TypedChoiceField(label="Samarbejdspartner", coerce=int, choices=())
    purpose = forms.ChoiceField(label="Hvad må deles", choices=Purpose.choices)
    given_on = Day(label="Samtykket er givet den")
    note = forms.CharField(label="Bemærkning", max_length=20000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [("", "Vælg")] + [(p.pk, p.name) for p in partners]


class PartnerForm(forms.Form):
    name = forms.CharField(label="Navn", max_length=20000)
    kind = forms.ChoiceField(label="Slags", choices=[c for c in Partner.Kind.choices if c[0] != Partner.Kind.OWN])
    sor_code = forms.CharField(label="SOR-kode", max_length=20000, required=False,
                               help_text="Fra Sundhedsvæsenets Organisationsregister, 15–18 cifre.")
    ean_code = forms.CharField(label="EAN-lokationsnummer", max_length=20000, required=False,
                               help_text="13 cifre.")
    phone = forms.CharField(label="Telefon", max_length=20000, required=False)
    address = forms.CharField(label="Adresse", max_length=20000, required=False)
