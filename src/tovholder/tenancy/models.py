"""The municipality is the tenant: every row of citizen data belongs to exactly one."""

from django.db import models


class Compliance(models.TextChoices):
    FULL = "full", "Fuldt ud overholdt"
    PARTIAL = "partial", "Delvist overholdt"
    NONE = "none", "Ikke overholdt"


class Municipality(models.Model):
    code = models.CharField("kommunekode", max_length=3, unique=True)
    name = models.CharField("navn", max_length=100, unique=True)
    backdate_years = models.PositiveSmallIntegerField(
        "hvor mange år tilbage hændelser må dateres", default=10,
        help_text="Fx en sag ført ind fra papir: hændelser får den dato, de skete, højst så mange år tilbage.")
    # What the header and the public pages (footer) show: the municipality's own words, kept as data.
    logo = models.CharField(
        "logo", max_length=200, blank=True,
        help_text="Sti til kommunens logo blandt de statiske filer, fx tovholder/logos/151.svg.")
    accessibility_url = models.URLField(
        "offentliggjort tilgængelighedserklæring", blank=True,
        help_text="Adressen på erklæringen, som den er offentliggjort på was.digst.dk.")
    accessibility_compliance = models.CharField(
        "overholdelse af tilgængelighedskravene", max_length=10, choices=Compliance.choices,
        default=Compliance.PARTIAL)
    accessibility_known_issues = models.TextField("kendte problemer med tilgængeligheden", blank=True)
    accessibility_contact = models.EmailField("kontakt om tilgængelighed", blank=True)
    accessibility_reviewed = models.DateField("erklæringen senest gennemgået", null=True, blank=True)
    contact_text = models.TextField("kontaktoplysninger", blank=True,
                                    help_text="Fx adresse, åbningstid og hvem man kan henvende sig til.")
    contact_email = models.EmailField("e-mail", blank=True)
    contact_phone = models.CharField("telefon", max_length=20, blank=True)
    privacy_text = models.TextField("sådan behandles personoplysninger", blank=True)
    privacy_officer = models.EmailField("databeskyttelsesrådgiver (e-mail)", blank=True)

    class Meta:
        verbose_name = "kommune"
        verbose_name_plural = "kommuner"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TenantModel(models.Model):
    """Base for every table of citizen data: the municipality comes first in its indexes."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, verbose_name="kommune")

    class Meta:
        abstract = True
