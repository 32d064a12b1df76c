"""Money against appropriations (budgetopfølgning): the municipal chart of accounts as data, which function
each offer is booked on per year, the prices of the offers over time, the appropriations per year and
function (original budget and supplementary appropriations), the actual spend per month from the finance
system, and the explanation of each function's deviation. None of it is citizen data: the figures per
citizen are computed from the efforts (visitation) and the purchased places (support) when asked."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tovholder.tenancy.models import TenantModel


class AccountFunction(TenantModel):
    """A function of the municipal chart of accounts (Budget- og regnskabssystem for kommuner), with an
    optional grouping (e.g. 5.38.38 grouping 005, socialpædagogisk bistand til sindslidende personer). The
    chart changes from year to year: a row is valid from a year and, when closed, until a year."""

    code = models.CharField("funktion", max_length=8)
    grouping = models.CharField("gruppering", max_length=3, blank=True)
    title = models.CharField("betegnelse", max_length=200)
    first_year = models.PositiveSmallIntegerField("gælder fra år")
    last_year = models.PositiveSmallIntegerField("gælder til og med år", null=True, blank=True)

    class Meta:
        verbose_name = "funktion i kontoplanen"
        verbose_name_plural = "funktioner i kontoplanen"
        ordering = ["code", "grouping", "first_year"]
        permissions = [("follow_budget", "Ser budgetopfølgningen"),
                       ("manage_budget", "Registrerer bevillinger, forbrug, takster og kontering")]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code", "grouping", "first_year"],
                                    name="budget_function_unique"),
            models.CheckConstraint(condition=Q(last_year__isnull=True) | Q(last_year__gte=models.F("first_year")),
                                   name="budget_function_years_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.title}"

    @property
    def account(self) -> str:
        return f"{self.code}.{self.grouping}" if self.grouping else self.code

    def valid_in(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


class FunctionMapping(TenantModel):
    """Which function an offer's spend is booked on in a year (editable: the chart changes every year). The
    row without an offer books the purchased places that have no offer to come home to."""

    offer = models.ForeignKey("offers.Offer", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name="tilbud")
    year = models.PositiveSmallIntegerField("år")
    function = models.ForeignKey(AccountFunction, on_delete=models.PROTECT, related_name="mappings",
                                 verbose_name="funktion")

    class Meta:
        verbose_name = "kontering af tilbud"
        verbose_name_plural = "kontering af tilbud"
        ordering = ["year", "offer__name"]
        indexes = [models.Index(fields=["municipality", "year"], name="budget_mapping_year_idx")]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "offer", "year"], name="budget_mapping_one_per_year"),
            models.UniqueConstraint(fields=["municipality", "year"], condition=Q(offer__isnull=True),
                                    name="budget_mapping_purchased_one_per_year"),
        ]


class PriceUnit(models.TextChoices):
    HOUR = "hour", "kr. pr. time"
    DAY = "day", "kr. pr. døgn pr. plads"
    MONTH = "month", "kr. pr. måned pr. plads"
    YEAR = "year", "kr. pr. år pr. plads"


class OfferPrice(TenantModel):
    """The price of an offer from a day (until the next price): an hourly rate, or a rate per place per day,
    month or year. A price change mid-year is a new row."""

    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="+", verbose_name="tilbud")
    valid_from = models.DateField("gælder fra")
    price = models.DecimalField("takst", max_digits=12, decimal_places=2)
    unit = models.CharField("takst pr.", max_length=5, choices=PriceUnit.choices)
    note = models.CharField("bemærkning", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "takst"
        verbose_name_plural = "takster"
        ordering = ["offer__name", "valid_from"]
        indexes = [models.Index(fields=["municipality", "offer", "valid_from"], name="budget_price_idx")]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "offer", "valid_from"], name="budget_price_one_per_day"),
            models.CheckConstraint(condition=Q(price__gte=0), name="budget_price_not_negative"),
        ]


class Appropriation(TenantModel):
    """The original budget (oprindeligt budget) of a function in a year, as the council adopted it."""

    function = models.ForeignKey(AccountFunction, on_delete=models.PROTECT, related_name="appropriations",
                                 verbose_name="funktion")
    year = models.PositiveSmallIntegerField("år")
    original = models.DecimalField("oprindeligt budget", max_digits=14, decimal_places=2)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "bevilling"
        verbose_name_plural = "bevillinger"
        ordering = ["year", "function__code", "function__grouping"]
        indexes = [models.Index(fields=["municipality", "year"], name="budget_appropriation_year_idx")]
        constraints = [
            models.UniqueConstraint(fields=["function", "year"], name="budget_appropriation_one_per_year"),
            models.CheckConstraint(condition=Q(original__gte=0), name="budget_original_not_negative"),
        ]


class Supplement(TenantModel):
    """A supplementary appropriation (tillægsbevilling): an amount (a cut is negative), the day the council
    granted it and what it is for."""

    function = models.ForeignKey(AccountFunction, on_delete=models.PROTECT, related_name="supplements",
                                 verbose_name="funktion")
    year = models.PositiveSmallIntegerField("år")
    amount = models.DecimalField("beløb", max_digits=14, decimal_places=2)
    decided_on = models.DateField("bevilget den")
    text = models.CharField("tekst", max_length=500)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tillægsbevilling"
        verbose_name_plural = "tillægsbevillinger"
        ordering = ["year", "decided_on", "pk"]
        indexes = [models.Index(fields=["municipality", "year"], name="budget_supplement_year_idx")]
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="budget_supplement_not_zero")]


class SpendImport(TenantModel):
    """One import of actual spend from the finance system: the file's name, who, when, how many rows."""

    filename = models.CharField("fil", max_length=200)
    rows = models.PositiveIntegerField("rækker")
    replaced = models.PositiveIntegerField("erstattede måneder", default=0)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "import af forbrug"
        verbose_name_plural = "importer af forbrug"
        ordering = ["-imported_at", "-pk"]


class ActualSpend(TenantModel):
    """The actual spend (forbrug) of a function in one month, as booked in the finance system. One row per
    function and month: a month booked again replaces the row only when the user confirms it."""

    function = models.ForeignKey(AccountFunction, on_delete=models.PROTECT, related_name="actuals",
                                 verbose_name="funktion")
    year = models.PositiveSmallIntegerField("år")
    month = models.PositiveSmallIntegerField("måned")
    amount = models.DecimalField("forbrug", max_digits=14, decimal_places=2)
    source = models.ForeignKey(SpendImport, null=True, blank=True, on_delete=models.PROTECT, related_name="actuals",
                               verbose_name="import")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "forbrug"
        verbose_name_plural = "forbrug"
        ordering = ["year", "month", "function__code"]
        indexes = [models.Index(fields=["municipality", "year", "month"], name="budget_actual_month_idx")]
        constraints = [
            models.UniqueConstraint(fields=["function", "year", "month"], name="budget_actual_one_per_month"),
            models.CheckConstraint(condition=Q(month__gte=1) & Q(month__lte=12), name="budget_actual_month_1_12"),
        ]


class Explanation(TenantModel):
    """The text explaining a function's expected deviation in a year (forklaring)."""

    function = models.ForeignKey(AccountFunction, on_delete=models.PROTECT, related_name="explanations",
                                 verbose_name="funktion")
    year = models.PositiveSmallIntegerField("år")
    text = models.TextField("forklaring", max_length=2000)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "forklaring på afvigelse"
        verbose_name_plural = "forklaringer på afvigelser"
        constraints = [models.UniqueConstraint(fields=["function", "year"], name="budget_explanation_one_per_year")]
