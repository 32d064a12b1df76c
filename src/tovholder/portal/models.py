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


class DataCopy(TenantModel):
    """A copy of everything Tovholder holds on the citizen (GDPR art. 15), asked for in Min Tovholder and made
    by the task worker (`portal.datacopy`): a ZIP with a readable PDF and machine-readable JSON. The file is
    kept for `datacopy.KEEP_DAYS` days and then deleted; the row stays (the request is part of the record)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Venter"
        RUNNING = "running", "I gang"
        DONE = "done", "Klar"
        FAILED = "failed", "Fejlet"
        EXPIRED = "expired", "Slettet (udløbet)"

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    file_name = models.CharField(max_length=200, blank=True)
    size_bytes = models.PositiveBigIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField("bestilt", auto_now_add=True)
    finished_at = models.DateTimeField("færdig", null=True, blank=True)
    expires_at = models.DateTimeField("kan hentes til", null=True, blank=True)
    downloads = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "kopi af borgerens data"
        verbose_name_plural = "kopier af borgerens data"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "citizen", "created_at"], name="datacopy_citizen_idx"),
                   models.Index(fields=["municipality", "status", "expires_at"], name="datacopy_expiry_idx")]

    def __str__(self) -> str:
        return f"Kopi af data for borger {self.citizen_id} ({self.get_status_display()})"

    @property
    def pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def status_text(self) -> str:
        if self.status == self.Status.RUNNING:
            return f"I gang ({self.progress} %)"
        return self.get_status_display()
