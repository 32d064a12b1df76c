from django import forms
from django.contrib.auth import get_user_model

from tovholder.layout.forms import TIME, Day, ModelMultipleChoice

from .models import MAX_SEATS, Course, Topic


class LeadersField(ModelMultipleChoice):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class CourseForm(forms.Form):
    title = forms.CharField(label="Titel", max_length=200)
    topic = forms.ModelChoiceField(label="Emne", queryset=Topic.objects.all(), empty_label="Vælg emne")
    offer = forms.ModelChoiceField(label="Tilbud (deltagernes tid tæller under)", queryset=None,
                                   empty_label="Vælg tilbud")
    audience = forms.ChoiceField(label="Hvem kan deltage", choices=Course.Audience.choices)
    seats = forms.IntegerField(label="Pladser", min_value=1, max_value=MAX_SEATS,
                               error_messages={"min_value": "Et forløb har mindst 1 plads.",
                                               "max_value": f"Et forløb har højst {MAX_SEATS} pladser."})
    leaders = LeadersField(label="Holdledere", queryset=None, widget=forms.CheckboxSelectMultiple)
    partner = forms.CharField(label="Samarbejdspartner", required=False, max_length=200,
                              help_text="Fx Bedre Psykiatri ved pårørendekurser.")
    description = forms.CharField(label="Beskrivelse", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    open_for_booking = forms.BooleanField(label="Borgerne kan selv melde sig til i Min Tovholder", required=False)

    def __init__(self, *args, offers, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers
        self.fields["leaders"].queryset = staff


class SessionForm(forms.Form):
    day = Day(label="Dato", kind="planned")
    starts = forms.TimeField(label="Begynder kl.", widget=TIME)
    ends = forms.TimeField(label="Slutter kl.", widget=TIME)
    room = forms.ModelChoiceField(label="Lokale", queryset=None, empty_label="Vælg lokale")

    def __init__(self, *args, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms


class RoomForm(forms.Form):
    name = forms.CharField(label="Lokale", max_length=200)
    address = forms.CharField(label="Adresse", max_length=300)
    capacity = forms.IntegerField(label="Pladser i lokalet", min_value=1, max_value=500,
                                  error_messages={"min_value": "Et lokale har mindst 1 plads.",
                                                  "max_value": "Et lokale har højst 500 pladser."})


class EnrolForm(forms.Form):
    participant = forms.ChoiceField(label="Deltager")

    def __init__(self, *args, citizens, relatives, takes_citizens=True, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Vælg deltager")]
        if takes_citizens:
            choices += [(f"c{c.pk}", f"{c.full_name}") for c in citizens]
        choices += [(f"r{r.pk}", f"{r.name} (pårørende til {r.citizen.full_name})") for r in relatives]
        self.fields["participant"].choices = choices


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="Årsag", max_length=300)


SCALE = [(i, str(i)) for i in range(1, 6)]


class EvaluationForm(forms.Form):
    useful = forms.TypedChoiceField(label="Forløbet var nyttigt for mig (1 = slet ikke, 5 = i høj grad)",
                                    choices=SCALE, coerce=int, widget=forms.RadioSelect)
    group = forms.TypedChoiceField(label="Jeg fik noget ud af at være i en gruppe (1–5)", choices=SCALE, coerce=int,
                                   widget=forms.RadioSelect)
    use = forms.TypedChoiceField(label="Jeg kan bruge det, jeg lærte, i min hverdag (1–5)", choices=SCALE,
                                 coerce=int, widget=forms.RadioSelect)
    text = forms.CharField(label="Kommentar", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class TargetForm(forms.Form):
    first_year = forms.IntegerField(label="Fra år", min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label="Til og med år", min_value=2000, max_value=2100)
    courses = forms.IntegerField(label="Antal forløb", min_value=1, max_value=1000)
    source = forms.CharField(label="Kilde", required=False, max_length=200)


def staff_of(municipality):
    return (get_user_model().objects.filter(staff__municipality=municipality, is_active=True)
            .order_by("first_name", "last_name"))

