from django import forms

from tovholder.layout.forms import TIME, Day

from .models import Activity, ActivityOutcome, OpeningHours

LONG = 20000  # the services give the Danish message on length; the form only stops absurd posts


class DoorCountForm(forms.Form):
    count = forms.IntegerField(label="Antal besøgende i dag (anonymt)", min_value=-100000, max_value=100000,
                               error_messages={"invalid": "Skriv antallet som et helt tal.",
                                               "required": "Skriv antallet."})


class CheckInForm(forms.Form):
    citizen = forms.TypedChoiceField(label="Bruger, der gerne vil tjekkes ind med navn", coerce=int,
                                     error_messages={"required": "Vælg brugeren.",
                                                     "invalid_choice": "Vælg en bruger fra listen."})

    def __init__(self, *args, citizens=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["citizen"].choices = [("", "Vælg bruger")] + [(c.pk, c.full_name) for c in citizens]


class OpeningPeriodForm(forms.Form):
    valid_from = Day(label="Gælder fra")
    valid_to = Day(label="Gælder til og med (tomt: indtil videre)", required=False, kind="planned")
    note = forms.CharField(label="Bemærkning", required=False, max_length=LONG)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i, name in enumerate(OpeningHours.WEEKDAYS):
            self.fields[f"opens_{i}"] = forms.TimeField(label=f"{name.capitalize()} åbner", widget=TIME,
                                                        required=False)
            self.fields[f"closes_{i}"] = forms.TimeField(label=f"{name.capitalize()} lukker", widget=TIME,
                                                         required=False)

    def hours(self) -> dict:
        d = self.cleaned_data
        return {i: (d.get(f"opens_{i}"), d.get(f"closes_{i}")) for i in range(7)
                if d.get(f"opens_{i}") or d.get(f"closes_{i}")}

    def weekday_fields(self):
        return [(self[f"opens_{i}"], self[f"closes_{i}"]) for i in range(7)]


class ClosureForm(forms.Form):
    day = Day(label="Lukket dag")
    reason = forms.CharField(label="Årsag", max_length=LONG)


class ShiftForm(forms.Form):
    task = forms.CharField(label="Opgave (fx cafévagt, indkøb, rengøring, cykelreparation)", max_length=LONG)
    day = Day(label="Dag")
    hours = forms.CharField(label="Timer", max_length=10)


class CouncilMeetingForm(forms.Form):
    held_on = Day(label="Mødedato")
    minutes = forms.CharField(label="Referat", widget=forms.Textarea(attrs={"rows": 6}), max_length=LONG)
    decision_0 = forms.CharField(label="Beslutning 1", required=False, max_length=LONG)
    follow_up_0 = forms.CharField(label="Hvem følger op på beslutning 1", required=False, max_length=LONG)
    decision_1 = forms.CharField(label="Beslutning 2", required=False, max_length=LONG)
    follow_up_1 = forms.CharField(label="Hvem følger op på beslutning 2", required=False, max_length=LONG)
    decision_2 = forms.CharField(label="Beslutning 3", required=False, max_length=LONG)
    follow_up_2 = forms.CharField(label="Hvem følger op på beslutning 3", required=False, max_length=LONG)

    def decisions(self):
        d = self.cleaned_data
        return [(d.get(f"decision_{i}", ""), d.get(f"follow_up_{i}", "")) for i in range(3)]


class OutcomeForm(forms.Form):
    citizen = forms.TypedChoiceField(label="Deltager", coerce=int)
    kind = forms.ChoiceField(label="Udfald", choices=ActivityOutcome.Kind.choices)
    day = Day(label="Dato")
    note = forms.CharField(label="Bemærkning (fx hvilken forening)", required=False, max_length=LONG)

    def __init__(self, *args, citizens=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["citizen"].choices = [("", "Vælg deltager")] + [(c.pk, c.full_name) for c in citizens]


class ActivityForm(forms.Form):
    """A new recurring activity (a workshop, the club evening, a sports session): one session a week."""

    offer = forms.TypedChoiceField(label="Tilbud", coerce=int, error_messages={
        "required": "Vælg tilbuddet.", "invalid_choice": "Vælg et tilbud fra listen."})
    title = forms.CharField(label="Aktivitetens navn", max_length=LONG)
    kind = forms.ChoiceField(label="Form", choices=Activity.KINDS)
    first_day = Day(label="Første gang", kind="planned")
    starts = forms.TimeField(label="Klokken", widget=TIME, error_messages={"invalid": "Skriv klokkeslættet som tt:mm."})
    minutes = forms.IntegerField(label="Varighed i minutter", min_value=15, max_value=12 * 60, initial=120,
                                 error_messages={"invalid": "Skriv varigheden som et helt antal minutter.",
                                                 "min_value": "En gang varer mindst 15 minutter.",
                                                 "max_value": "En gang varer højst 12 timer."})
    weeks = forms.IntegerField(label="Antal uger (én gang om ugen)", min_value=1, max_value=52, initial=12,
                               error_messages={"invalid": "Skriv antallet af uger som et helt tal.",
                                               "min_value": "Planlæg mindst én uge.",
                                               "max_value": "Planlæg højst 52 uger ad gangen."})
    seats = forms.IntegerField(label="Pladser pr. gang (tomt: ingen grænse og ingen tilmelding)", required=False,
                               min_value=1, max_value=500,
                               error_messages={"invalid": "Skriv pladserne som et helt tal.",
                                               "min_value": "Mindst 1 plads, eller tomt for ingen grænse.",
                                               "max_value": "Højst 500 pladser."})
    place = forms.CharField(label="Sted", required=False, max_length=LONG)
    open_for_booking = forms.BooleanField(label="Borgerne kan selv melde sig til i Min Tovholder (kræver pladser)",
                                          required=False)

    def __init__(self, *args, offers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].choices = [("", "Vælg tilbud")] + [(o.pk, o.name) for o in offers]
