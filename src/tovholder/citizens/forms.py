from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from tovholder.layout.forms import DATE, Day

from .cpr import clean_cpr
from .models import Citizen, Consent, Disclosure, Relative
from .validators import validate_person_name, validate_postal_code


class CitizenForm(forms.ModelForm):
    cpr = forms.CharField(label="CPR-nummer", max_length=11, help_text="10 cifre, fx 010190-1234.")

    class Meta:
        model = Citizen
        fields = ["cpr", "first_name", "last_name", "phone", "email", "address", "postal_code", "city"]

    def clean_cpr(self):
        return clean_cpr(self.cleaned_data["cpr"])

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"].strip()
        validate_postal_code(value)
        return value

    def clean_first_name(self):
        validate_person_name(self.cleaned_data["first_name"])
        return self.cleaned_data["first_name"]

    def clean_last_name(self):
        validate_person_name(self.cleaned_data["last_name"])
        return self.cleaned_data["last_name"]


class ContactForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Citizen
        fields = ["phone", "email", "address", "postal_code", "city"]

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"].strip()
        validate_postal_code(value)
        return value


class RelativeForm(forms.ModelForm):
    class Meta:
        model = Relative
        fields = ["name", "relation", "phone", "email"]

    def clean_name(self):
        validate_person_name(self.cleaned_data["name"])
        return self.cleaned_data["name"]


class ConsentForm(forms.Form):
    relative = forms.ModelChoiceField(label="Pårørende", queryset=Relative.objects.none())
    scope = forms.ChoiceField(label="Hvad må den pårørende få at vide", choices=Consent.Scope.choices)
    given_on = Day(label="Givet den", widget=DATE)
    note = forms.CharField(label="Bemærkning", max_length=500, required=False)

    def __init__(self, *args, citizen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relative"].queryset = citizen.relatives.all()
        self.fields["given_on"].initial = timezone.localdate()


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Begrundelse", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Hvorfor skal du se borgeren? Begrundelsen gemmes og kan ses af ledelsen og borgeren.",
    )


class AccessLogPurposeForm(forms.Form):
    reason = forms.CharField(
        label="Formål", min_length=10, max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Hvorfor skal du se borgerens adgangslog (fx borgerens egen anmodning, en klage)? Formålet "
                  "gemmes i borgerens log, og opslaget markeres som uden for dit arbejdsområde.",
        error_messages={"min_length": "Skriv formålet med mindst %(limit_value)d tegn.",
                        "required": "Skriv formålet med opslaget."})


class AccessLogSearchForm(forms.Form):
    q = forms.CharField(label="Borgerens CPR-nummer eller navn", max_length=100,
                        help_text='Fx "010190-1234" eller "Mette Jensen".',
                        error_messages={"required": "Skriv borgerens CPR-nummer eller navn."})
    reason = forms.CharField(
        label="Formål", min_length=10, max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Hvorfor skal du se borgerens adgangslog (fx borgerens egen anmodning, en klage)? Formålet "
                  "gemmes i borgerens log.",
        error_messages={"min_length": "Skriv formålet med mindst %(limit_value)d tegn.",
                        "required": "Skriv formålet med opslaget."})

    def clean_q(self):
        text = " ".join(self.cleaned_data["q"].split())
        if len(text) < 2:
            raise forms.ValidationError("Skriv mindst to tegn: et navn eller et CPR-nummer.")
        return text


class SearchForm(forms.Form):
    q = forms.CharField(label="Søg efter navn eller CPR-nummer", max_length=100, required=False)


class CoordinatorForm(forms.Form):
    coordinator = forms.ModelChoiceField(
        label="Ny tovholder", queryset=None,
        help_text="Én tovholder på tværs af enhederne: en medarbejder, der kender borgeren.")
    since = Day(label="Tovholder fra", widget=DATE)
    reason = forms.CharField(label="Begrundelse", max_length=500, required=False)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["coordinator"]
        field.queryset = get_user_model().objects.filter(pk__in=[c.pk for c in candidates]).order_by(
            "first_name", "last_name")
        field.label_from_instance = lambda u: f"{u.get_full_name() or u.username}"
        self.fields["since"].initial = timezone.localdate()


class DisclosureForm(forms.Form):
    """What a relative was told: only the scopes the relative has consent to are offered."""

    scopes = forms.MultipleChoiceField(label="Hvad fik den pårørende at vide", widget=forms.CheckboxSelectMultiple)
    what = forms.CharField(label="Kort om hvad der blev sagt", max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    channel = forms.ChoiceField(label="Hvordan", choices=Disclosure.Channel.choices)
    told_on = Day(label="Dato")

    def __init__(self, *args, allowed: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = allowed
