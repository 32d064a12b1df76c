from django import forms
from django.utils import timezone

from tovholder.layout.forms import Day
from tovholder.offers import ffb
from tovholder.offers.models import Offer
from tovholder.records import int_or_none

from .models import Need, Source, Urgency, WaitlistEntry

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RequestForm(forms.Form):
    source = forms.ChoiceField(label="Hvem henvender sig", choices=Source.choices)
    requester_name = forms.CharField(label="Henvenderens navn (hvis ikke borgeren selv)", max_length=200,
                                     required=False)
    cpr = forms.CharField(label="Borgerens CPR-nummer", max_length=11, required=False,
                          help_text="Kendt borger: CPR-nummeret er nok. Ny borger: udfyld også navn.")
    first_name = forms.CharField(label="Fornavn(e) (ny borger)", max_length=100, required=False)
    last_name = forms.CharField(label="Efternavn (ny borger)", max_length=100, required=False)
    anonymous_label = forms.CharField(label="Eller: anonym betegnelse", max_length=100, required=False,
                                      help_text="Kun for tilbud uden visitation, fx 'Mand ca. 30 år'.")
    asks_for = forms.CharField(label="Hvad spørges der om", max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 4}))
    offer_wanted = forms.ModelChoiceField(label="Ønsket tilbud", queryset=Offer.objects.none(), required=False)
    urgency = forms.ChoiceField(label="Hast", choices=Urgency.choices, initial=Urgency.NORMAL)
    received_on = Day(label="Modtaget", widget=DATE)

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer_wanted"].queryset = offers
        self.fields["received_on"].initial = timezone.localdate()


class DirectHelpForm(forms.Form):
    offer = forms.ModelChoiceField(label="Tilbud", queryset=Offer.objects.none())
    cpr = forms.CharField(label="Borgerens CPR-nummer", max_length=11, required=False)
    anonymous_label = forms.CharField(label="Eller: anonym betegnelse", max_length=100, required=False)
    given_on = Day(label="Dato", widget=DATE)
    minutes = forms.IntegerField(label="Varighed i minutter", min_value=1, max_value=720)
    note = forms.CharField(label="Kort notat", max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers.filter(requires_visitation=False)
        self.fields["given_on"].initial = timezone.localdate()


class EscalateForm(forms.Form):
    caseworker = forms.ModelChoiceField(label="Sagsbehandler", queryset=None)
    cpr = forms.CharField(label="Borgerens CPR-nummer (hvis hjælpen var anonym)", max_length=11, required=False)
    first_name = forms.CharField(label="Fornavn(e) (hvis borgeren ikke er registreret)", max_length=100,
                                 required=False)
    last_name = forms.CharField(label="Efternavn (hvis borgeren ikke er registreret)", max_length=100, required=False)

    def __init__(self, *args, caseworkers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = caseworkers
        self.fields["caseworker"].label_from_instance = lambda u: u.get_full_name() or u.username


class IdentifyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    cpr = forms.CharField(label="Borgerens CPR-nummer", max_length=11)
    first_name = forms.CharField(label="Fornavn(e) (ny borger)", max_length=100, required=False)
    last_name = forms.CharField(label="Efternavn (ny borger)", max_length=100, required=False)


class WishesForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    citizen_wishes = forms.CharField(label="Borgerens egne ønsker for fremtiden (med borgerens ord)", max_length=4000,
                                     required=False, widget=forms.Textarea(attrs={"rows": 4}))
    needs = forms.MultipleChoiceField(label="Behov, som visitationsreglerne ser på", choices=Need.choices,
                                      required=False, widget=forms.CheckboxSelectMultiple)


def _condition_choices():
    groups: dict[str, list] = {}
    for concept in ffb.under("FFB tilstande"):
        if len(concept.path) >= 3:
            groups.setdefault(" › ".join(concept.path[1:]), []).append((concept.code, concept.display))
    return [("", "– vælg tilstand –")] + [(group, sorted(items, key=lambda i: i[1])) for group, items in
                                          sorted(groups.items())]


LEVELS = [("", "Ikke vurderet"), ("0", "0 – Ingen nedsat funktionsevne"), ("1", "1 – Let nedsat"),
          ("2", "2 – Moderat nedsat"), ("3", "3 – Svært nedsat"), ("4", "4 – Fuldstændig nedsat")]


def _support_choices():
    order = ["Intet støttebehov", "Let støttebehov", "Moderat støttebehov", "Højt støttebehov",
             "Fuldstændigt støttebehov"]
    found = {c.display: c.code for c in ffb.under("Støttebehovsniveau")}
    return [("", "Ikke vurderet")] + [(found[name], name) for name in order if name in found]


class ConditionScoreForm(forms.Form):
    condition = forms.ChoiceField(label="Tilstand", required=False)
    functional_level = forms.TypedChoiceField(label="Funktionsevneniveau", choices=LEVELS, coerce=int,
                                              empty_value=None, required=False)
    support_need = forms.ChoiceField(label="Støttebehov", required=False)
    note = forms.CharField(label="Bemærkning", max_length=1000, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["condition"].choices = _condition_choices()
        self.fields["support_need"].choices = _support_choices()


ROWS_FIRST, ROWS_MORE, ROWS_MAX = 6, 4, 100
ConditionScoreFormSet = forms.formset_factory(ConditionScoreForm, extra=ROWS_FIRST, max_num=ROWS_MAX,
                                              validate_max=True)


def condition_formset(data=None, *, more: bool = False):
    """The assessment's condition rows: six to begin with; "Tilføj flere tilstande" adds four more and keeps
    what was typed (a plain form post, so it works without JavaScript)."""
    if data is not None and more:
        data = data.copy()
        total = min(int_or_none(data.get("t-TOTAL_FORMS")) or ROWS_FIRST, ROWS_MAX)
        data["t-TOTAL_FORMS"] = str(min(total + ROWS_MORE, ROWS_MAX))
    return ConditionScoreFormSet(data, prefix="t")


class AssessmentForm(forms.Form):
    assessed_on = Day(label="Udredningsdato", widget=DATE)
    support_need = forms.ChoiceField(label="Samlet støttebehov (FFB)", required=False,
                                     help_text="Borgerens samlede behov for støtte, efter udredningen.")
    summary = forms.CharField(label="Sammenfatning", max_length=4000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].initial = timezone.localdate()
        self.fields["support_need"].choices = _support_choices()


class OpenCaseForm(forms.Form):
    opened_on = Day(label="Sagen er oprettet den", widget=DATE, required=False,
                                help_text="Datoen sagen blev oprettet – også når den registreres senere. Tomt: i dag.")
    number = forms.CharField(label="Sagsnummer (kommunens eget)", max_length=40, required=False,
                             help_text="Tomt: Tovholder giver sagen et nummer.")


class TargetGroupsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    primary = forms.ChoiceField(label="Primær målgruppe (FFB)", required=False)
    others = forms.MultipleChoiceField(label="Øvrige målgrupper (FFB)", required=False,
                                       widget=forms.SelectMultiple(attrs={"size": 8}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["primary"].choices = ffb.grouped_choices("Målgruppe", empty="Ikke valgt")
        self.fields["others"].choices = ffb.grouped_choices("Målgruppe", empty="Ingen")[1:]


class RequestOfferForm(forms.Form):
    offer = forms.ModelChoiceField(label="Tilbud", queryset=Offer.objects.none())
    requested_on = Day(label="Ansøgt den", widget=DATE, required=False,
                                   help_text="Fristen regnes fra ansøgningens dato. Tomt: i dag.")

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers.grantable()
        if not self.initial.get("requested_on"):
            self.initial["requested_on"] = timezone.localdate()


class GrantForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decided_on = Day(label="Afgørelsesdato", widget=DATE)
    hours_per_week = forms.DecimalField(label="Timer pr. uge", max_digits=5, decimal_places=2, required=False)
    start_on = Day(label="Start", widget=DATE)
    review_on = Day(label="Opfølgning senest", kind="planned", widget=DATE)
    services = forms.MultipleChoiceField(label="Ydelser i indsatsen (FFB)", required=False,
                                         widget=forms.SelectMultiple(attrs={"size": 8}),
                                         help_text="Hvad indsatsen består af, fx støtte til daglige opgaver i hjemmet.")
    goals = forms.CharField(label="Mål der følges op på", max_length=4000, required=False,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="Indsatsmål med tilstande og niveauer sættes under Indsatsmål, når der er "
                                      "bevilget.")
    reasons = forms.CharField(label="Begrundelse", max_length=8000, widget=forms.Textarea(attrs={"rows": 4}))
    priority = forms.TypedChoiceField(label="Prioritet, hvis tilbuddet er fuldt", coerce=int,
                                      choices=WaitlistEntry.Priority.choices, initial=WaitlistEntry.Priority.NORMAL)

    def __init__(self, *args, offer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].choices = service_choices()
        self.fields["decided_on"].initial = timezone.localdate()
        if offer is not None and offer.format == Offer.Format.RESIDENTIAL:
            # a housing offer's scope is the place (a flat); its help is planned per week at the provider
            del self.fields["hours_per_week"]
            self.fields["services"].help_text = (
                "Omfanget er en plads (en lejlighed). Vælg ophold og den hjælp, indsatsen giver, fx støtte til "
                "daglige opgaver i hjemmet (indkøb, madlavning, rengøring, tøjvask) og støtte til administration "
                "(økonomi); udføreren planlægger hjælpen pr. uge ved indflytningen.")


def service_choices():
    return ffb.grouped_choices("Ydelse", empty="")[1:]


class ServiceChangeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    starts_on = Day(label="Fra", widget=DATE)
    services = forms.MultipleChoiceField(label="Ydelser fra den dag (FFB)", widget=forms.SelectMultiple(
        attrs={"size": 8}))
    reason = forms.CharField(label="Begrundelse", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].choices = service_choices()
        self.fields["starts_on"].initial = timezone.localdate()


def effort_status_choices():
    return [("", "Vælg status")] + sorted((c.code, c.display) for c in ffb.under("Status på indsats"))


class EffortFollowUpForm(forms.Form):
    held_on = Day(label="Opfølgningen blev holdt", widget=DATE)
    status = forms.ChoiceField(label="Status på indsatsen (FFB)")
    note = forms.CharField(label="Hvad opfølgningen viste", max_length=4000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    next_on = Day(label="Næste opfølgning", kind="planned", widget=DATE, required=False,
                              help_text="Skal udfyldes, når indsatsen fortsætter.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = effort_status_choices()
        self.fields["held_on"].initial = timezone.localdate()


class RefuseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decided_on = Day(label="Afgørelsesdato", widget=DATE)
    reasons = forms.CharField(label="Begrundelse for afslaget", max_length=8000,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Årsag", max_length=500)
    on = Day(label="Dato", widget=DATE, required=False)


class OrderForm(forms.Form):
    on = Day(label="Bestilt", widget=DATE)
    message = forms.CharField(label="Besked til udføreren", max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="Fx borgerens ønsker til kontaktpersonen eller praktiske oplysninger.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class StartedForm(forms.Form):
    on = Day(label="Startet", widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class EndDecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    on = Day(label="Indsatsen ophører", widget=DATE)
    decided_on = Day(label="Afgørelsesdato", widget=DATE)
    reasons = forms.CharField(label="Begrundelse (står i brevet til borgeren)", max_length=8000,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()
        self.fields["on"].initial = timezone.localdate()  # the proposal's date comes as the form's initial


class RefuseEndForm(forms.Form):
    proposal_version = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(label="Hvorfor indsatsen fortsætter", max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class LetterForm(forms.Form):
    sent_on = Day(label="Sendt", widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sent_on"].initial = timezone.localdate()


class CaseNoteForm(forms.Form):
    written_on = Day(label="Dato", widget=DATE)
    text = forms.CharField(label="Notat", max_length=8000, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["written_on"].initial = timezone.localdate()


class CaseNoteCorrectionForm(forms.Form):
    text = forms.CharField(label="Rettet notat", max_length=8000, widget=forms.Textarea(attrs={"rows": 5}))
    correction_reason = forms.CharField(label="Hvorfor notatet rettes", max_length=500)


class CaseStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    on = Day(label="Dato", widget=DATE)
    reason = forms.CharField(label="Begrundelse", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class DeadlineNoticeForm(forms.Form):
    expected_by = Day(label="Forventet afgørelse senest", kind="planned", widget=DATE)
    reason = forms.CharField(label="Hvorfor fristen ikke kan overholdes", max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class RoutingRuleForm(forms.Form):
    order = forms.IntegerField(label="Rækkefølge", min_value=0, max_value=1000)
    name = forms.CharField(label="Navn", max_length=200)
    min_age = forms.IntegerField(label="Alder fra", min_value=0, max_value=120, required=False)
    max_age = forms.IntegerField(label="Alder til og med", min_value=0, max_value=120, required=False)
    needs_all = forms.MultipleChoiceField(label="Kræver alle disse behov", choices=Need.choices, required=False,
                                          widget=forms.CheckboxSelectMultiple)
    needs_any = forms.MultipleChoiceField(label="Kræver mindst ét af disse behov", choices=Need.choices,
                                          required=False, widget=forms.CheckboxSelectMultiple)
    needs_none = forms.MultipleChoiceField(label="Gælder ikke ved disse behov", choices=Need.choices,
                                           required=False, widget=forms.CheckboxSelectMultiple)
    offer = forms.ModelChoiceField(label="Foreslået tilbud", queryset=Offer.objects.none())
    explanation = forms.CharField(label="Forklaring (vises for sagsbehandleren)", max_length=500)
    active = forms.BooleanField(label="Aktiv", required=False, initial=True)

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers

    def clean(self):
        data = super().clean()
        low, high = data.get("min_age"), data.get("max_age")
        if low is not None and high is not None and high < low:
            self.add_error("max_age", "'Alder til' skal være mindst lige så høj som 'alder fra'.")
        return data
