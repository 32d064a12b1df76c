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
