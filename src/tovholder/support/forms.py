import datetime
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from tovholder.accounts.selectors import colleagues
from tovholder.activities.models import Occasion
from tovholder.layout import formats
from tovholder.layout.forms import DATE, TIME, Day, UserChoiceField
from tovholder.offers.models import Offer

from .models import Episode, Mode

HOURS = dict(label="Timer pr. uge", max_digits=5, decimal_places=2, min_value=Decimal(0), max_value=Decimal(60),
             widget=forms.NumberInput(attrs={"step": "0.25"}))


class EpisodeStartForm(forms.Form):
    decision = forms.ModelChoiceField(label="Bevilling", queryset=None, required=False,
                                      help_text="Vælg bevillingen, eller et tilbud uden visitation herunder.")
    offer = forms.ModelChoiceField(label="Eller: tilbud uden visitation", queryset=Offer.objects.none(),
                                   required=False)
    started_on = Day(label="Start", widget=DATE)
    mode = forms.ChoiceField(label="Form", choices=[c for c in Mode.choices if c[0] != Mode.PAUSED])
    hours_per_week = forms.DecimalField(**HOURS)
    worker = UserChoiceField(label="Kontaktperson", queryset=None)

    def __init__(self, *args, decisions, offers, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions
        self.fields["decision"].label_from_instance = (
            lambda d: f"{d.offer.name} – {d.get_status_display().lower()}"
                      + (f", {formats.hours(d.hours_per_week)} t/uge"
                         if d.hours_per_week else ""))
        self.fields["offer"].queryset = offers
        self.fields["worker"].queryset = colleagues(user)
        self.initial.setdefault("worker", user.pk)
        if not self.initial.get("started_on"):
            self.initial["started_on"] = timezone.localdate()

    def clean(self):
        data = super().clean()
        if not data.get("decision") and not data.get("offer"):
            raise forms.ValidationError("Vælg en bevilling eller et tilbud uden visitation.")
        if data.get("decision") and data.get("offer"):
            raise forms.ValidationError("Vælg enten en bevilling eller et tilbud uden visitation – ikke begge.")
        return data


class FirstMeetingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    met_on = Day(label="Første møde", widget=DATE)
    expectations = forms.CharField(
        label="Forventningsafstemning", max_length=4000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Hvad I har aftalt: hvad støtten er, og hvad det betyder at tage del i sin egen udvikling.")


class IntensityForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    starts_on = Day(label="Fra", widget=DATE)
    mode = forms.ChoiceField(label="Form", choices=Mode.choices)
    hours_per_week = forms.DecimalField(**{**HOURS, "help_text": "0 under en pause."})
    reason = forms.CharField(label="Begrundelse", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    request_decision = forms.BooleanField(
        label="Bed sagsbehandleren om en ny afgørelse med de nye timer", required=False,
        help_text="Sendes som en ansøgning på borgerens sag, udfyldt med den nuværende bevilling.")


class EndEpisodeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    ended_on = Day(label="Afsluttet", widget=DATE)
    reason = forms.ChoiceField(label="Hvorfor afsluttes forløbet", choices=[("", "Vælg årsag")]
                               + list(Episode.EndReason.choices))
    note = forms.CharField(label="Om afslutningen", max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    klippekort_hours = forms.DecimalField(label="Klippekort: antal timer", required=False, max_digits=5,
                                          decimal_places=1, min_value=Decimal(0), max_value=Decimal(100),
                                          help_text="Lad feltet stå tomt, hvis borgeren ikke får klippekort.")
    klippekort_valid_until = Day(label="Klippekortet gælder til og med", required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["ended_on"].initial = today
        self.fields["klippekort_valid_until"].initial = today + datetime.timedelta(days=182)


# The kinds of contact a worker plans with one citizen (group occasions are planned by their offer).
APPOINTMENT_KINDS = [(k.value, k.label) for k in (Occasion.Kind.HOME_VISIT, Occasion.Kind.PHONE, Occasion.Kind.VIDEO,
                                                  Occasion.Kind.MEETING, Occasion.Kind.OUTING,
                                                  Occasion.Kind.PSYCHOLOGIST)]


class AppointmentForm(forms.Form):
    day = Day(label="Dato", widget=DATE)
    time = forms.TimeField(label="Klokken", widget=TIME)
    minutes = forms.IntegerField(label="Varighed i minutter", min_value=5, max_value=720, initial=60)
    kind = forms.ChoiceField(label="Kontaktform", choices=APPOINTMENT_KINDS)
    place = forms.CharField(label="Sted", max_length=200, required=False,
                            help_text="Vises i kalenderen. Skriv ikke borgerens navn eller CPR-nummer.")
    worker = UserChoiceField(label="Medarbejder", queryset=None)
    repeat_weeks = forms.IntegerField(label="Gentag antal gange", min_value=0, max_value=52, initial=0,
                                      help_text="0 for en enkelt aftale.")
    every_weeks = forms.IntegerField(label="Hver … uge", min_value=1, max_value=8, initial=1)
    allow_overlap = forms.BooleanField(label="Planlæg alligevel, selv om aftalerne overlapper", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = colleagues(user)
        self.fields["worker"].initial = user.pk
        self.fields["day"].initial = timezone.localdate() + datetime.timedelta(days=1)


class MoveAppointmentForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    day = Day(label="Ny dato", widget=DATE)
    time = forms.TimeField(label="Klokken", widget=TIME)
    minutes = forms.IntegerField(label="Varighed i minutter", min_value=5, max_value=720)
    place = forms.CharField(label="Sted", max_length=200, required=False)
    allow_overlap = forms.BooleanField(label="Flyt alligevel, selv om aftalerne overlapper", required=False)


class CancelAppointmentForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="Hvorfor aflyses aftalen", max_length=500)


class KlippekortReturnForm(forms.Form):
    hours_per_week = forms.DecimalField(**{**HOURS, "initial": Decimal("1.5")})


class AcceptOrderForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    contact_person = UserChoiceField(label="Kontaktperson", queryset=None,
                                     help_text="Medarbejderen i enheden, der skal have borgeren.")
    accepted_on = Day(label="Modtaget den", widget=DATE)

    def __init__(self, *args, unit, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["contact_person"]
        field.queryset = (get_user_model().objects.filter(
            staff__units=unit, is_active=True).distinct().order_by("first_name", "last_name"))
        self.fields["accepted_on"].initial = timezone.localdate()
        if suggestions:  # the workers in the suggestion's order, each with why (support.matching)
            field.widget = forms.RadioSelect()
            field.choices = [(s.worker_id, s.name) for s in suggestions]
            field.help_text = ("Forslag: medarbejderne i enheden efter, hvor godt deres kompetencer matcher "
                               "borgerens behov, og derefter hvor mange borgere de har nu. Du vælger.")


class DeclineOrderForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="Hvorfor kan enheden ikke tage bestillingen", max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))


# --- externally bought cases and taking them home --------------------------------------------------

PRICE_UNITS = [("month", "kr. pr. måned"), ("year", "kr. pr. år")]


class PlacementForm(forms.Form):
    cpr = forms.CharField(label="Borgerens CPR-nummer", max_length=11, help_text="10 cifre, fx 0101901234.")
    unit = forms.ModelChoiceField(label="Hjemtages af", queryset=None)
    provider = forms.CharField(label="Ekstern leverandør", max_length=200)
    what = forms.CharField(label="Hvad der købes", max_length=300, help_text="Fx § 85-støtte, 15 timer pr. uge.")
    price = forms.DecimalField(label="Pris i kroner", max_digits=12, decimal_places=2)
    price_unit = forms.ChoiceField(label="Prisen er", choices=PRICE_UNITS)
    starts_on = Day(label="Købt fra", widget=DATE)
    ends_on = Day(label="Købt til og med", kind="planned", widget=DATE, required=False,
                  help_text="Tom: til videre.")

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        only = list(units[:2])
        if len(only) == 1:
            self.fields["unit"].initial = only[0].pk

    def clean_cpr(self):
        value = self.cleaned_data["cpr"].replace("-", "").replace(" ", "")
        if not (value.isascii() and value.isdigit() and len(value) == 10):
            raise forms.ValidationError("Et CPR-nummer er 10 cifre.")
        return value


class HomeTakingPlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    target_on = Day(label="Hjemtages senest", kind="planned", widget=DATE)
    home_offer = forms.ModelChoiceField(label="Hjem til tilbud", queryset=None,
                                        help_text="Enhedens omkostning følger tilbuddets takst.")
    hours_per_week = forms.DecimalField(**{**HOURS, "required": False, "label": "Timer pr. uge hjemme"})
    responsible = UserChoiceField(label="Ansvarlig medarbejder", queryset=None, required=False)
    note = forms.CharField(label="Om planen", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, offers, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_offer"].queryset = offers
        self.fields["responsible"].queryset = staff


class HomeTakingStepForm(forms.Form):
    text = forms.CharField(label="Trin", max_length=300, help_text="Fx Møde med leverandøren om overdragelsen.")
    due_on = Day(label="Senest", kind="planned", widget=DATE)


class TakenHomeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    on = Day(label="Hjemtaget den", widget=DATE)
