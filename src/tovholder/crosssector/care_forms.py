import datetime

from django import forms

from tovholder.layout.forms import Day

from .carecommunication import CATEGORIES, MAX_ATTACHMENT_BYTES
from .models import LEGAL_BASES, PARTY_KINDS, CoordinatedAction, DischargeAgreement

PARTY_ROWS = 6
ACTION_ROWS = 8
REVIEW_ROWS = 3
TEXT = forms.Textarea(attrs={"rows": 5})


def _partner_choices(partners) -> list[tuple[str, str]]:
    return [("", "Vælg samarbejdspartner"), *((str(p.pk), f"{p.name} ({p.get_kind_display().lower()})")
                                               for p in partners)]


class PdfField(forms.FileField):
    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError("Bilaget må højst fylde 10 MB.")
        content = upload.read(MAX_ATTACHMENT_BYTES + 1)
        if not content.startswith(b"%PDF"):
            raise forms.ValidationError("Bilaget skal være en PDF-fil.")
        return {"data": content, "name": upload.name[:200]}


class MessageForm(forms.Form):
    partner = forms.ChoiceField(label="Til", choices=())
    category = forms.ChoiceField(label="Kategori", choices=[("", "Vælg kategori"), *CATEGORIES],
                                 initial="psychiatry-social-disability",
                                 help_text="MedComs kategorier. Modtageren sorterer efter dem.")
    topic = forms.CharField(label="Emne", max_length=20000, help_text="Højst 60 tegn.")
    text = forms.CharField(label="Tekst", max_length=20000, widget=TEXT, required=False)
    attachment = PdfField(label="Bilag (PDF, valgfrit)", required=False)

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = _partner_choices(partners)


class ReplyForm(forms.Form):
    text = forms.CharField(label="Dit svar", max_length=20000, widget=TEXT, required=False)
    attachment = PdfField(label="Bilag (PDF, valgfrit)", required=False)


class ForwardForm(forms.Form):
    partner = forms.ChoiceField(label="Videresend til", choices=())
    text = forms.CharField(label="Din bemærkning", max_length=20000, widget=forms.Textarea(attrs={"rows": 3}),
                           required=False)

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = _partner_choices(partners)


class SendForm(ForwardForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].label = "Send til"


class AgreementForm(forms.Form):
    """The agreement's structured content: parties, actions per party, review dates, the network meeting."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label="Art", choices=DischargeAgreement.Kind.choices, widget=forms.RadioSelect)
    legal_basis = forms.ChoiceField(label="Hjemmel", choices=[("", "Vælg hjemmel"), *LEGAL_BASES])
    meeting_on = Day(label="Netværksmøde", kind="planned", required=False)
    note = forms.CharField(label="Bemærkninger", max_length=20000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, fixed_kind: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_kind:
            self.fields["kind"].required = False
            self.fields["kind"].disabled = True
        kinds = [("", "Vælg part"), *PARTY_KINDS]
        for i in range(PARTY_ROWS):
            self.fields[f"party_{i}_kind"] = forms.ChoiceField(label=f"Part {i + 1}: slags", choices=kinds,
                                                               required=False)
            self.fields[f"party_{i}_name"] = forms.CharField(label=f"Part {i + 1}: navn", max_length=20000,
                                                             required=False)
            self.fields[f"party_{i}_contact"] = forms.CharField(label=f"Part {i + 1}: kontakt (telefon, e-mail)",
                                                                max_length=20000, required=False)
        for i in range(ACTION_ROWS):
            self.fields[f"action_{i}_party"] = forms.ChoiceField(label=f"Handling {i + 1}: part", choices=kinds,
                                                                 required=False)
            self.fields[f"action_{i}_what"] = forms.CharField(label=f"Handling {i + 1}: hvad", max_length=20000,
                                                              required=False)
            self.fields[f"action_{i}_responsible"] = forms.CharField(label=f"Handling {i + 1}: ansvarlig",
                                                                     max_length=20000, required=False)
            self.fields[f"action_{i}_due_on"] = Day(label=f"Handling {i + 1}: senest", kind="planned",
                                                    required=False)
        for i in range(1, REVIEW_ROWS + 1):
            self.fields[f"review_{i}"] = Day(label=f"Opfølgning {i}", kind="planned", required=i == 1)

    def field_rows(self, prefix: str, count: int, names: tuple[str, ...], start: int = 0):
        return [[self[f"{prefix}_{i}_{n}"] for n in names] for i in range(start, start + count)]

    def parties(self):
        return self.field_rows("party", PARTY_ROWS, ("kind", "name", "contact"))

    def actions(self):
        return self.field_rows("action", ACTION_ROWS, ("party", "what", "responsible", "due_on"))

    def reviews(self):
        return [self[f"review_{i}"] for i in range(1, REVIEW_ROWS + 1)]

    def content(self) -> dict:
        d = self.cleaned_data
        return {
            "legal_basis": d["legal_basis"], "meeting_on": d.get("meeting_on"), "note": d.get("note", ""),
            "parties": [{"kind": d[f"party_{i}_kind"], "name": d[f"party_{i}_name"],
                         "contact": d[f"party_{i}_contact"]} for i in range(PARTY_ROWS)],
            "actions": [{"party": d[f"action_{i}_party"], "what": d[f"action_{i}_what"],
                         "responsible": d[f"action_{i}_responsible"], "due_on": d.get(f"action_{i}_due_on")}
                        for i in range(ACTION_ROWS)],
            "review_dates": [d.get(f"review_{i}") for i in range(1, REVIEW_ROWS + 1)]}


def agreement_initial(version) -> dict:
    """The form's initial values from a saved version (to write the next)."""
    initial = {"legal_basis": version.legal_basis, "meeting_on": version.meeting_on, "note": version.note}
    for i, p in enumerate(version.parties[:PARTY_ROWS]):
        initial.update({f"party_{i}_kind": p["kind"], f"party_{i}_name": p["name"],
                        f"party_{i}_contact": p.get("contact", "")})
    for i, a in enumerate(version.actions[:ACTION_ROWS]):
        initial.update({f"action_{i}_party": a["party"], f"action_{i}_what": a["what"],
                        f"action_{i}_responsible": a["responsible"],
                        f"action_{i}_due_on": datetime.date.fromisoformat(a["due_on"])})
    for i, day in enumerate(version.review_dates[:REVIEW_ROWS], start=1):
        initial[f"review_{i}"] = datetime.date.fromisoformat(day)
    return initial


class CoordinatedPlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    psychiatry = forms.ChoiceField(label="Regionspsykiatrien", choices=())
    psychiatry_contact = forms.CharField(label="Kontaktperson i psykiatrien (navn og telefon)", max_length=20000)
    substance = forms.ChoiceField(label="Rusmiddelcentret", choices=())
    substance_contact = forms.CharField(label="Kontaktperson i rusmiddelcentret (navn og telefon)", max_length=20000)
    aim = forms.CharField(label="Det fælles mål med borgerens egne ord", max_length=20000,
                          widget=forms.Textarea(attrs={"rows": 3}))
    consent = forms.BooleanField(label="Borgeren giver samtykke til den fælles forløbsplan og til, at den deles med "
                                       "psykiatrien og rusmiddelcentret", required=False)
    consent_given_on = Day(label="Samtykket er givet den")

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["psychiatry"].choices = _partner_choices(partners)
        self.fields["substance"].choices = _partner_choices(partners)


class PlanActionForm(forms.Form):
    party = forms.ChoiceField(label="Part", choices=[("", "Vælg part"), *CoordinatedAction.Party.choices])
    what = forms.CharField(label="Handling", max_length=20000)
    responsible = forms.CharField(label="Ansvarlig", max_length=20000)
    due_on = Day(label="Senest", kind="planned")


class AssessmentForm(forms.Form):
    on = Day(label="Dato for fælles vurdering", kind="planned")
    place = forms.CharField(label="Sted", max_length=20000, required=False)
    summary = forms.CharField(label="Vurdering (når den er holdt)", max_length=20000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
