"""The citizen's own Tovholder: the citizen's login account, and what the citizen writes on their plan."""

from django.conf import settings
from django.db import models

from tovholder.tenancy.models import TenantModel


class CitizenAccount(TenantModel):
    """The citizen's own login: a Django user that only ever acts as this one citizen (the citizen
    principal, `portal.principals`). Made the first time the citizen logs in through national eID (or,
    in the demo, made for the fictitious test citizens). It holds no CPR: the citizen row has it."""

    citizen = models.OneToOneField("citizens.Citizen", on_delete=models.PROTECT, related_name="portal_account")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="citizen_account")
    test_login = models.BooleanField("fiktiv testborger (testlogin i demoen)", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField("seneste login", null=True, blank=True)
    last_assurance = models.CharField("sikringsniveau ved seneste login", max_length=20, blank=True)

    class Meta:
        verbose_name = "borgerlogin"
        verbose_name_plural = "borgerlogins"
        indexes = [models.Index(fields=["municipality", "test_login"], name="citizenaccount_test_idx")]

    def __str__(self) -> str:
        return f"Login for borger {self.citizen_id}"


class GoalEntry(TenantModel):
    """A comment or an own step the citizen wrote on one of their goals (never changed; staff see it on
    the citizen's overview)."""

    class Kind(models.TextChoices):
        COMMENT = "comment", "Kommentar"
        STEP = "step", "Mit eget skridt"

    goal = models.ForeignKey("plans.Goal", on_delete=models.PROTECT, related_name="citizen_entries")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("type", max_length=10, choices=Kind.choices)
    text = models.TextField("tekst", max_length=2000)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField("skrevet", auto_now_add=True)

    class Meta:
        verbose_name = "borgerens kommentar eller skridt"
        verbose_name_plural = "borgerens kommentarer og skridt"
        ordering = ["written_at", "pk"]
        indexes = [models.Index(fields=["municipality", "citizen", "written_at"], name="goalentry_citizen_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"


class RelativeGrant(TenantModel):
    """The citizen lets one of their registered relatives see chosen parts of Min Tovholder (`portal.shares`:
    the crisis plan, the appointments — never the journal). The relative logs in through the same identity path
    as a citizen; the CPR number the citizen typed is kept only as a keyed hash (`identity.relative_cpr_hash`).
    Withdrawing dates the end and keeps the row."""

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    relative = models.ForeignKey("citizens.Relative", on_delete=models.PROTECT, related_name="portal_grants")
    cpr_hash = models.CharField("nøgle til den pårørendes CPR-nummer (HMAC)", max_length=64)
    parts = models.JSONField("delte dele", default=list)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField("givet", auto_now_add=True)
    withdrawn_at = models.DateTimeField("trukket tilbage", null=True, blank=True)

    class Meta:
        verbose_name = "pårørendes adgang"
        verbose_name_plural = "pårørendes adgange"
        ordering = ["-granted_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "citizen"], name="relativegrant_citizen_idx"),
                   models.Index(fields=["municipality", "cpr_hash"], name="relativegrant_cpr_idx")]
        constraints = [models.UniqueConstraint(fields=["relative"], condition=models.Q(withdrawn_at__isnull=True),
                                               name="relativegrant_one_active")]

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def labels(self) -> list[str]:
        """The shared parts by name ("Kriseplan", "Aftaler")."""
        from .shares import labels

        return labels(self.parts)

    def __str__(self) -> str:
        return f"Adgang for pårørende {self.relative_id} til borger {self.citizen_id}"


class RelativeAccount(TenantModel):
    """A relative's login: a Django user that only ever sees what citizens have granted it (the relative
    principal, `portal.principals`). Made at the relative's first login (or by the demo for a fictitious test
    relative). It holds no CPR, only the same keyed hash as the grants."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="relative_account")
    cpr_hash = models.CharField("nøgle til CPR-nummeret (HMAC)", max_length=64)
    name = models.CharField("navn", max_length=200)
    test_login = models.BooleanField("fiktiv testpårørende (testlogin i demoen)", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField("seneste login", null=True, blank=True)
    last_assurance = models.CharField("sikringsniveau ved seneste login", max_length=20, blank=True)

    class Meta:
        verbose_name = "pårørendelogin"
        verbose_name_plural = "pårørendelogins"
        constraints = [models.UniqueConstraint(fields=["municipality", "cpr_hash"], name="relativeaccount_one")]
        indexes = [models.Index(fields=["municipality", "test_login"], name="relativeaccount_test_idx")]

    def __str__(self) -> str:
        return f"Pårørendelogin {self.pk}"
