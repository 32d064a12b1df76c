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


class CheckIn(TenantModel):
    """A short check-in by the citizen: mood and sleep on a 1–10 scale and an optional note. At most one a day
    (a second the same day is refused, never overwrites: what the citizen said stays as said). Never changed."""

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    day = models.DateField("dag")
    mood = models.PositiveSmallIntegerField("humør (1–10)")
    sleep = models.PositiveSmallIntegerField("søvn (1–10)")
    note = models.TextField("note", max_length=500, blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField("skrevet", auto_now_add=True)

    class Meta:
        verbose_name = "tjek-ind"
        verbose_name_plural = "tjek-ind"
        ordering = ["day", "pk"]
        indexes = [models.Index(fields=["municipality", "citizen", "day"], name="checkin_citizen_idx")]
        constraints = [models.UniqueConstraint(fields=["citizen", "day"], name="checkin_one_a_day")]

    def __str__(self) -> str:
        return f"Tjek-ind {self.day}: humør {self.mood}, søvn {self.sleep}"


class CheckInAlert(TenantModel):
    """The citizen's own choice: "Sig til min tovholder, hvis jeg ikke har tjekket ind i N dage". Off (`days`
    empty) until the citizen turns it on; the daily job (`portal.tasks`) reads it."""

    citizen = models.OneToOneField("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    days = models.PositiveSmallIntegerField("sig til efter dage uden tjek-ind", null=True, blank=True)
    changed_on = models.DateField("ændret")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "besked ved manglende tjek-ind"
        verbose_name_plural = "beskeder ved manglende tjek-ind"
        indexes = [models.Index(fields=["municipality", "days"], name="checkinalert_days_idx")]

    def __str__(self) -> str:
        return f"Besked efter {self.days} dage" if self.days else "Ingen besked"
class CrisisPlan(TenantModel):
    """One version of the citizen's crisis plan (mestringsplan), written by the citizen (with staff if they
    like). Never changed: each save is a new version with the next number; the highest is the current one.
    The three lists are one item a line; the people to call are rows of name and phone."""

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField("version")
    warning_signs = models.TextField("mine advarselstegn", max_length=4000, blank=True)
    my_actions = models.TextField("det gør jeg selv", max_length=4000, blank=True)
    others_actions = models.TextField("det kan andre gøre", max_length=4000, blank=True)
    contacts = models.JSONField("dem kan jeg ringe til", default=list, blank=True)  # [{"name": …, "phone": …}]
    written_with = models.CharField("skrevet sammen med", max_length=100, blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField("gemt", auto_now_add=True)

    class Meta:
        verbose_name = "kriseplan (version)"
        verbose_name_plural = "kriseplaner (versioner)"
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["citizen", "number"], name="crisisplan_one_number")]
        indexes = [models.Index(fields=["municipality", "citizen", "number"], name="crisisplan_citizen_idx")]

    def __str__(self) -> str:
        return f"Kriseplan, version {self.number}"

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def warning_sign_list(self) -> list[str]:
        return self.lines(self.warning_signs)

    @property
    def my_action_list(self) -> list[str]:
        return self.lines(self.my_actions)

    @property
    def others_action_list(self) -> list[str]:
        return self.lines(self.others_actions)


class CrisisPlanSharing(TenantModel):
    """The citizen's choice to share the current crisis plan with their coordinator and the staff who support
    them (shown on the citizen's plan page in Tovholder). One row a citizen; every change is audited."""

    citizen = models.OneToOneField("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    shared = models.BooleanField("delt med tovholderen", default=False)
    changed_at = models.DateTimeField("ændret", auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "deling af kriseplan"
        verbose_name_plural = "delinger af kriseplaner"
        indexes = [models.Index(fields=["municipality", "shared"], name="crisisshare_shared_idx")]

    def __str__(self) -> str:
        return f"Kriseplan {'delt' if self.shared else 'ikke delt'} (borger {self.citizen_id})"
class MessageThread(TenantModel):
    """A non-acute conversation between the citizen and the team around them (the coordinator and the contact
    persons): the citizen starts it from Min Tovholder, staff with need to know answer on their side."""

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    subject = models.CharField("emne", max_length=120)
    started_at = models.DateTimeField("startet", auto_now_add=True)
    last_at = models.DateTimeField("seneste besked")
    answered = models.BooleanField("besvaret", default=False)

    class Meta:
        verbose_name = "beskedtråd"
        verbose_name_plural = "beskedtråde"
        ordering = ["-last_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "citizen", "last_at"], name="thread_citizen_idx"),
                   models.Index(fields=["municipality", "answered", "last_at"], name="thread_answered_idx")]

    def __str__(self) -> str:
        return self.subject


class Message(TenantModel):
    """One message in a thread (never changed)."""

    thread = models.ForeignKey(MessageThread, on_delete=models.PROTECT, related_name="messages")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    from_citizen = models.BooleanField("fra borgeren")
    text = models.TextField("tekst", max_length=4000)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField("skrevet", auto_now_add=True)

    class Meta:
        verbose_name = "besked"
        verbose_name_plural = "beskeder"
        ordering = ["written_at", "pk"]
        indexes = [models.Index(fields=["municipality", "citizen", "written_at"], name="message_citizen_idx")]

    def __str__(self) -> str:
        return self.text[:40]
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
