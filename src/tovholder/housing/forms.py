"""Housing's forms. Two parts side by side: Skolehaven's flats (the flats block) and the rehabilitating
stays with Flex Bostøtte's quota (the stays block)."""

from django import forms

from tovholder.layout.forms import Day

from .models import Stay

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
