"""Housing's forms: parse input; the services check it and say what is wrong."""

import datetime

from django import forms
from django.utils import timezone

from tovholder.layout import formats
from tovholder.layout.forms import TIME, Day
from tovholder.records import int_or_none

from .models import HelpKind, Stay

# === flats (Skolehaven) ==============================================================================


class FlatChoice(forms.ModelChoiceField):
    """A flat by id; a malformed id is an invalid choice, never a database error."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if int_or_none(value) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

    def label_from_instance(self, obj):
        size = formats.number(obj.size_m2, 1 if obj.size_m2 != obj.size_m2.to_integral() else 0)
        access = ", tilgængelig" if obj.accessible else ""
        return f"Lejlighed {obj.number} ({obj.floor}. sal, {size} m²{access})"


class MoveInForm(forms.Form):
    flat = FlatChoice(label="Lejlighed", queryset=None, empty_label="Vælg en ledig lejlighed")
    moved_in_on = Day(label="Flytter ind den")
    planned_move_out_on = Day(label="Planlagt fraflytning", kind="planned", required=False,
                              help_text="Kan stå tom; sættes senere, når en fraflytning planlægges.")

    def __init__(self, *args, flats, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["flat"].queryset = flats
        self.fields["moved_in_on"].initial = timezone.localdate()


class PlanMoveOutForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    planned_on = Day(label="Planlagt fraflytning", kind="planned", required=False,
                     help_text="Tom: ingen planlagt fraflytning.")


class MoveOutForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    moved_out_on = Day(label="Flyttede ud den")
    reason = forms.CharField(label="Årsag", max_length=500,
                             help_text="Fx flyttet i egen bolig, flyttet til andet botilbud.")


class WeeklyHelpForm(forms.Form):
    """Times a week and minutes each time for each kind of help."""

    starts_on = Day(label="Gælder fra", kind="planned")

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_on"].initial = timezone.localdate()
        current = current or {}
        for kind, label in HelpKind.choices:
            now = current.get(kind)
            self.fields[f"{kind}_times"] = forms.IntegerField(
                label=f"{label}: gange pr. uge", min_value=0, max_value=14, required=False,
                initial=now.times_per_week if now else 0)
            self.fields[f"{kind}_minutes"] = forms.IntegerField(
                label=f"{label}: minutter pr. gang", min_value=0, max_value=480, required=False,
                initial=now.minutes_each if now else 0)

    def plan(self) -> dict[str, tuple[int, int]]:
        d = self.cleaned_data
        return {k: (d.get(f"{k}_times") or 0, d.get(f"{k}_minutes") or 0) for k in HelpKind.values}


class PlanMeetingForm(forms.Form):
    day = Day(label="Dato", kind="planned")
    starts = forms.TimeField(label="Starter kl.", widget=TIME)
    minutes = forms.IntegerField(label="Varighed (minutter)", min_value=15, max_value=240, initial=60)
    place = forms.CharField(label="Sted", max_length=200, required=False, initial="Fælleslokalet")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.localtime()
        self.fields["day"].initial = now.date()
        self.fields["starts"].initial = now.replace(second=0, microsecond=0).time()

    def starts_at(self) -> datetime.datetime:
        d = self.cleaned_data
        return timezone.make_aware(datetime.datetime.combine(d["day"], d["starts"]))


WEEKDAYS = ["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag"]


class MealPlanForm(forms.Form):
    """The minutes of the house meeting and next week's meal plan (a row per weekday)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    minutes_text = forms.CharField(label="Referat", max_length=8000, widget=forms.Textarea(attrs={"rows": 5}))
    decisions = forms.CharField(label="Det besluttede", max_length=4000, required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))
    week_of = Day(label="Madplanen gælder ugen fra mandag", kind="planned", required=False)

    def __init__(self, *args, residents, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Ingen valgt")] + [(str(c.pk), c.full_name) for c in residents]
        self.residents = {str(c.pk): c for c in residents}
        for i, day in enumerate(WEEKDAYS):
            self.fields[f"dish_{i}"] = forms.CharField(label=f"{day}: ret", max_length=200, required=False)
            self.fields[f"cook_{i}"] = forms.ChoiceField(label=f"{day}: laver mad", choices=choices, required=False)
            self.fields[f"shopper_{i}"] = forms.ChoiceField(label=f"{day}: køber ind", choices=choices,
                                                            required=False)
            self.fields[f"ingredients_{i}"] = forms.CharField(
                label=f"{day}: indkøb (én vare pr. linje)", max_length=2000, required=False,
                widget=forms.Textarea(attrs={"rows": 2}))

    def days(self):
        for i, day in enumerate(WEEKDAYS):
            yield day, [self[f"dish_{i}"], self[f"cook_{i}"], self[f"shopper_{i}"], self[f"ingredients_{i}"]]

    def meals(self) -> list[dict]:
        d = self.cleaned_data
        week_of = d.get("week_of")
        if week_of is None:
            return []
        return [{"day": week_of + datetime.timedelta(days=i), "dish": d.get(f"dish_{i}", ""),
                 "cook": self.residents.get(d.get(f"cook_{i}") or ""),
                 "shopper": self.residents.get(d.get(f"shopper_{i}") or ""),
                 "ingredients": d.get(f"ingredients_{i}", "")} for i in range(7)]


TEXT = 20000  # the services hold the real limits, with a Danish message

# === stays: rehabilitating stays and acute places (§ 107) ========================================


class StartStayForm(forms.Form):
    place = forms.ChoiceField(label="Plads", widget=forms.RadioSelect)
    entry_reason = forms.ChoiceField(label="Indskrivningsårsag", widget=forms.RadioSelect)
    referred_by = forms.CharField(label="Henvist fra", max_length=TEXT, required=False,
                                  help_text="Fx ”Psykiatrisk Center Ballerup, afsnit 2”.")
    started_on = Day(label="Indskrevet den")
    planned_return_on = Day(label="Planlagt hjemkomst", kind="planned")
    beyond_max_reason = forms.CharField(
        label="Begrundelse, hvis opholdet er længere end pladsens længste ophold", max_length=TEXT,
        required=False, widget=forms.Textarea(attrs={"rows": 2}))
    home_address = forms.CharField(label="Borgerens egen bolig (adresse)", max_length=TEXT,
                                   help_text="Borgeren beholder sin bolig under opholdet.")
    home_tenancy = forms.CharField(label="Lejeforholdet under opholdet", max_length=TEXT,
                                   help_text="Fx ”Lejebolig hos boligselskabet; huslejen betales videre”.")

    def __init__(self, *args, places=(), reasons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [
            (str(p.pk), f"{p.name} ({p.place_type.name.lower()}, højst {p.place_type.max_days} dage) – "
                        f"{'ledig' if free > 0 else 'optaget'}") for p, free in places]
        self.fields["entry_reason"].choices = [(str(r.pk), r.name) for r in reasons]


class MoveReturnForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    planned_return_on = Day(label="Ny planlagt hjemkomst", kind="planned")
    reason = forms.CharField(label="Hvorfor hjemkomsten flyttes", max_length=TEXT,
                             widget=forms.Textarea(attrs={"rows": 2}))


class HomeSupportForm(forms.Form):
    offer = forms.ChoiceField(label="Støtte i eget hjem (§ 85)")
    hours_per_week = forms.DecimalField(label="Timer pr. uge", required=False, max_digits=6, decimal_places=2,
                                        localize=True)
    start_on = Day(label="Støtten starter", kind="planned")
    reasons = forms.CharField(label="Begrundelse for afgørelsen", max_length=TEXT,
                              widget=forms.Textarea(attrs={"rows": 3}))
    goals = forms.CharField(label="Mål der følges op på", max_length=TEXT, required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, offers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].choices = [(str(o.pk), o.name) for o in offers]


class EndStayForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    ended_on = Day(label="Udskrevet den")
    outcome = forms.ChoiceField(label="Hvor borgeren gik hen", choices=Stay.Outcome.choices,
                                widget=forms.RadioSelect)
    end_note = forms.CharField(label="Bemærkning", max_length=TEXT, required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))


# === stays: Flex Bostøtte's shared quota ========================================================


class QuotaForm(forms.Form):
    places = forms.CharField(label="Kvote (pladser)", max_length=40)
