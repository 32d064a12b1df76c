"""API clients (another system of the municipality acting as a principal) and their tokens (ADR 0027).

A client acts through a Django user of its own (no password, cannot log in to the pages): the access log
and the audit trail name that user, so every read and write the client makes names the client. The
client's role is a role group (`accounts.roles`) on that user; its data scope is the whole municipality
or the citizens followed by some units (as staff in those units would know them).
"""

from django.conf import settings
from django.db import models

from tovholder.tenancy.models import TenantModel


class ApiClient(TenantModel):
    name = models.CharField("navn", max_length=120)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client")
    whole_municipality = models.BooleanField(
        "hele kommunen", default=False,
        help_text="Klienten kender alle kommunens borgere. Ellers kun borgere, som de valgte enheder følger.")
    units = models.ManyToManyField("accounts.Unit", blank=True, related_name="+", verbose_name="enheder")
    active = models.BooleanField("aktiv", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "API-klient"
        verbose_name_plural = "API-klienter"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="api_client_unique_name")]
        permissions = [("manage_api_clients", "Registrerer API-klienter og udsteder og tilbagekalder nøgler")]

    def __str__(self) -> str:
        return self.name


class Scope(models.TextChoices):
    READ = "read", "Læse"
    WRITE_REQUESTS = "write:requests", "Oprette henvendelser"


class ApiToken(TenantModel):
    """A bearer token: shown once when issued, kept only as its SHA-256 (the token is 256 random bits, so a
    plain hash is enough), with its first characters to tell tokens apart on the page."""

    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="tokens")
    prefix = models.CharField("begynder med", max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField("rettigheder", default=list)
    expires_at = models.DateTimeField("udløber")
    revoked_at = models.DateTimeField("tilbagekaldt", null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "API-nøgle"
        verbose_name_plural = "API-nøgler"
        indexes = [models.Index(fields=["municipality", "client"], name="api_token_client_idx")]

    def __str__(self) -> str:
        return f"{self.prefix}…"
