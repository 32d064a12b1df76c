from django import forms
from django.utils import timezone

from tovholder.layout.forms import DATE, Day
from tovholder.plans.forms import FollowUpForm

from .models import Measurement
from .selectors import AGE_BANDS

AREA_PREFIX = "a_"


class MeasurementForm(forms.Form):
    """The common fields; one radio group per area is added from the instrument's definition."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    measured_on = Day(label="Dato for målingen", widget=DATE)
    answered_by = forms.ChoiceField(label="Hvem svarede", choices=Measurement.AnsweredBy.choices,
                                    initial=Measurement.AnsweredBy.TOGETHER, widget=forms.RadioSelect)
    note = forms.CharField(label="Bemærkning (valgfri)", max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, spec, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measured_on"].initial = timezone.localdate()
        self.spec = spec
        self.areas = areas
        choices = [(v, spec.labels.get(v, str(v))) for v in spec.values]
        required = spec.scoring.all_required
        for area in areas:
            anchors = spec.area(area.key).anchors if spec.area(area.key) else {}
            area_choices = [(v, anchors.get(v, label)) for v, label in choices]
            self.fields[AREA_PREFIX + area.key] = forms.TypedChoiceField(
                label=area.label, choices=area_choices, coerce=int, required=required, widget=forms.RadioSelect,
                error_messages={"required": "Besvar dette spørgsmål.",
                                "invalid_choice": f"Vælg et svar mellem {spec.scale_min} og {spec.scale_max}."})

    def area_fields(self):
        return [(area, self[AREA_PREFIX + area.key]) for area in self.areas]

    def answers(self) -> dict[str, int]:
        return {k[len(AREA_PREFIX):]: v for k, v in self.cleaned_data.items()
                if k.startswith(AREA_PREFIX) and v not in (None, "")}


class ImportForm(forms.Form):
    file = forms.FileField(label="Fil med måleredskabet (JSON)",
                           help_text="Formatet er det samme, som Tovholder eksporterer. Højst 512 kB.")


class FiguresForm(forms.Form):
    instrument = forms.TypedChoiceField(label="Måleredskab", coerce=int)
    date_from = Day(label="Fra dato", required=False, widget=DATE)
    date_to = Day(label="Til dato", required=False, widget=DATE)
    age_band = forms.ChoiceField(label="Aldersgruppe", required=False,
                                 choices=[(k, v[0]) for k, v in AGE_BANDS.items()])
    offer = forms.TypedChoiceField(label="Tilbud", required=False, coerce=int, empty_value=None)
    group_by = forms.ChoiceField(label="Opdel efter", choices=[("offer", "Tilbud"), ("unit", "Team")],
                                 initial="offer", required=False)

    def __init__(self, *args, instruments, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = [(i.pk, i.name) for i in instruments]
        self.fields["offer"].choices = [("", "Alle tilbud")] + [(o.pk, o.name) for o in offers]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "Til-datoen ligger før fra-datoen.")
        return data


GAS_CHOICES = [("", "Ikke vurderet"), ("-2", "−2: Meget mindre end forventet"), ("-1", "−1: Lidt mindre end forventet"),
               ("0", "0: Som forventet"), ("1", "+1: Lidt mere end forventet"), ("2", "+2: Meget mere end forventet")]


class FollowUpWithAttainmentForm(FollowUpForm):
    """A goal follow-up with the goal attainment (GAS) scored together with the citizen."""

    attainment = forms.TypedChoiceField(
        label="Målopfyldelse (GAS)", required=False, coerce=int, empty_value=None, choices=GAS_CHOICES,
        help_text="Hvor langt er borgeren nået i forhold til det forventede? Vurderes sammen med borgeren.")
