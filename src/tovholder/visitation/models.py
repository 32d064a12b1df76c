"""From a request for help to a decision: requests, help without visitation, cases, assessments,
decisions (with their lifecycle), routing rules and the waitlist."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tovholder.offers import ffb
from tovholder.tenancy.models import TenantModel


class Source(models.TextChoices):
    CITIZEN = "citizen", "Borgeren selv"
    PORTAL = "portal", "Borgeren selv (Min Tovholder)"
    RELATIVE = "relative", "Pårørende"
    HOSPITAL = "hospital", "Hospitalet ved udskrivning"
    GP = "gp", "Egen læge"
    JOBCENTER = "jobcenter", "Jobcentret"
    CHILDREN = "children", "Børne- og familieområdet (overgang ved 18 år)"
    SELF_REFERRAL = "self_referral", "Selvhenvendelse på værestedet"
    THIRD_PARTY = "third_party", "En anden (fx nabo, frivillig eller netværk)"
    STAFF = "staff", "En medarbejder, der har givet hjælp uden visitation"
    OTHER = "other", "Andre"


class Urgency(models.TextChoices):
    NORMAL = "normal", "Almindelig"
    URGENT = "urgent", "Haster"
    ACUTE = "acute", "Akut"


class Need(models.TextChoices):
    """Needs the routing rules can use. Where FFB has the target group, its code is in NEED_FFB."""

    EARLY_PENSION = "early_pension", "Tilkendt førtidspension"
    AUTISM = "autism", "Autismespektrum"
    OUTWARD = "outward", "Udadreagerende adfærd"
    ADHD = "adhd", "Svær ADHD"
    EATING = "eating", "Spiseforstyrrelse"
    OCD = "ocd", "Svær OCD"
    SUBSTANCE = "substance", "Misbrug"
    MENTAL_ILLNESS = "mental_illness", "Sindslidelse"


NEED_FFB = {
    Need.AUTISM: "9b3fd322-a75a-4ed8-9b74-425fa1e01c95",
    Need.OUTWARD: "e1b59a4a-9cc2-4113-a5f1-84af588b02a2",
    Need.ADHD: "cc6a58cf-d3d2-4e5f-b7fe-98b009647eac",
    Need.EATING: "192b7d79-415c-4f4f-9223-607938ecbe97",
    Need.SUBSTANCE: "e2ecc751-21b9-4aab-a20f-2f3dd9701c97",
}


class Request(TenantModel):
    """A henvendelse: who asks, for whom, what for, how urgent. The citizen may be unknown (anonymous)."""

    class Status(models.TextChoices):
        OPEN = "open", "Åben"
        DIRECT_HELP = "direct_help", "Hjulpet uden visitation"
        CASE = "case", "Sag oprettet"
        CLOSED = "closed", "Afsluttet"

    citizen = models.ForeignKey("citizens.Citizen", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="requests", verbose_name="borger")
    anonymous_label = models.CharField("anonym betegnelse", max_length=100, blank=True)
    source = models.CharField("hvem henvender sig", max_length=20, choices=Source.choices)
    requester_name = models.CharField("henvenderens navn", max_length=200, blank=True)
    asks_for = models.TextField("hvad der spørges om", max_length=4000)
    # who the person said they are, when they are not registered yet: for the caseworker who registers them
    cpr_given = models.CharField("oplyst CPR-nummer", max_length=10, blank=True)
    name_given = models.CharField("oplyst navn", max_length=200, blank=True)
    offer_wanted = models.ForeignKey("offers.Offer", null=True, blank=True, on_delete=models.PROTECT,
                                     verbose_name="ønsket tilbud")
    urgency = models.CharField("hast", max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    received_on = models.DateField("modtaget")
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField("registreret", auto_now_add=True, null=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "henvendelse"
        verbose_name_plural = "henvendelser"
        indexes = [models.Index(fields=["municipality", "status", "received_on"], name="request_status_idx")]
        constraints = [models.CheckConstraint(
            condition=Q(citizen__isnull=False) | ~Q(anonymous_label=""), name="request_citizen_or_anonymous")]


class DirectHelp(TenantModel):
    """Help given at once without a decision (SEL §§ 82 a–c, § 99, open counselling), recorded lightly."""

    # not a field: set by `selectors.my_direct_help` when the reader knows the citizen (the list names only them)
    citizen_known: bool = False

    citizen = models.ForeignKey("citizens.Citizen", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="direct_help", verbose_name="borger")
    anonymous_label = models.CharField("anonym betegnelse", max_length=100, blank=True)
    request = models.ForeignKey(Request, null=True, blank=True, on_delete=models.PROTECT, related_name="help")
    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, verbose_name="tilbud")
    given_on = models.DateField("dato")
    minutes = models.PositiveIntegerField("varighed (minutter)")
    note = models.TextField("kort notat", max_length=2000, blank=True)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    escalated_to = models.ForeignKey("Case", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="from_direct_help")

    class Meta:
        verbose_name = "hjælp uden visitation"
        verbose_name_plural = "hjælp uden visitation"
        indexes = [models.Index(fields=["municipality", "given_on"], name="directhelp_day_idx")]


class Case(TenantModel):
    """A case (sag) with a caseworker: the citizen's wishes, assessments and decisions."""

    class Status(models.TextChoices):
        OPEN = "open", "Åben"
        CLOSED = "closed", "Lukket"

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="cases")
    request = models.ForeignKey(Request, null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    caseworker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases",
                                   verbose_name="sagsbehandler")
    number = models.CharField("sagsnummer", max_length=40, blank=True)
    opened_on = models.DateField("oprettet")
    registered_at = models.DateTimeField("registreret", auto_now_add=True, null=True)
    citizen_wishes = models.TextField("borgerens egne ønsker for fremtiden", max_length=4000, blank=True)
    needs = models.JSONField("behov", default=list, blank=True)
    primary_target_group = models.CharField("primær målgruppe (FFB)", max_length=36, blank=True)
    target_groups = models.JSONField("øvrige målgrupper (FFB)", default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField("lukket", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "sag"
        verbose_name_plural = "sager"
        permissions = [
            ("handle_cases", "Behandler sager og træffer afgørelser"),
            ("register_requests", "Registrerer henvendelser"),
            ("give_direct_help", "Giver hjælp uden visitation"),
            ("view_waitlist", "Ser ventelister"),
            ("edit_routing_rules", "Ændrer visitationsregler"),
        ]
        indexes = [models.Index(fields=["municipality", "caseworker", "status"], name="case_queue_idx")]
        constraints = [models.UniqueConstraint(fields=["municipality", "number"], condition=~Q(number=""),
                                               name="case_number_unique")]

    def __str__(self) -> str:
        return f"Sag {self.number or self.pk}"

    @property
    def primary_target_group_display(self) -> str:
        return ffb.display(self.primary_target_group)

    @property
    def target_groups_display(self) -> list[str]:
        return [ffb.display(code) for code in self.target_groups]

    @property
    def needs_display(self) -> list[str]:
        labels = dict(Need.choices)
        return [str(labels.get(code, code)) for code in self.needs]


class Assessment(TenantModel):
    """An assessment of functioning on FFB's conditions (VUM)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assessments")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="assessments")
    assessed_on = models.DateField("udredt")
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField("registreret", auto_now_add=True, null=True)
    summary = models.TextField("sammenfatning", max_length=4000, blank=True)
    support_need = models.CharField("samlet støttebehov (FFB)", max_length=36, blank=True)

    class Meta:
        verbose_name = "udredning"
        verbose_name_plural = "udredninger"
        ordering = ["-assessed_on", "-pk"]
        indexes = [models.Index(fields=["municipality", "citizen", "assessed_on"], name="assessment_citizen_idx")]

    @property
    def support_need_display(self) -> str:
        return ffb.display(self.support_need)


class ConditionScore(TenantModel):
    """One FFB condition (tilstand) in an assessment: functional level 0–4 and support need."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="scores")
    condition = models.CharField("tilstand (FFB-kode)", max_length=36)
    functional_level = models.PositiveSmallIntegerField("funktionsevneniveau", null=True, blank=True)
    support_need = models.CharField("støttebehov (FFB-kode)", max_length=36, blank=True)
    note = models.CharField("bemærkning", max_length=1000, blank=True)

    class Meta:
        verbose_name = "vurdering af tilstand"
        verbose_name_plural = "vurderinger af tilstande"
        constraints = [
            models.CheckConstraint(condition=Q(functional_level__isnull=True) | Q(functional_level__lte=4),
                                   name="score_level_0_4"),
            models.UniqueConstraint(fields=["assessment", "condition"], name="score_unique_condition"),
        ]

    @property
    def condition_name(self) -> str:
        return ffb.display(self.condition) or self.condition

    @property
    def support_need_display(self) -> str:
        return ffb.display(self.support_need)


class Decision(TenantModel):
    """A decision (afgørelse) on one offer, and — when granted — the grant's lifecycle:
    requested → granted → ordered → active → ended, or cancelled; or requested → refused."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Ansøgt"
        GRANTED = "granted", "Bevilget"
        REFUSED = "refused", "Afslået"
        ORDERED = "ordered", "Bestilt hos udfører"
        ACTIVE = "active", "I gang"
        ENDED = "ended", "Afsluttet"
        CANCELLED = "cancelled", "Annulleret"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="decisions")
    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="decisions",
                              verbose_name="tilbud")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REQUESTED)
    requested_on = models.DateField("ansøgt")
    registered_at = models.DateTimeField("registreret", auto_now_add=True, null=True)
    deadline_on = models.DateField("sagsbehandlingsfrist", null=True, blank=True)
    hours_per_week = models.DecimalField("timer pr. uge", max_digits=5, decimal_places=2, null=True, blank=True)
    start_on = models.DateField("start", null=True, blank=True)
    review_on = models.DateField("opfølgning", null=True, blank=True)
    goals = models.TextField("mål der følges op på", max_length=4000, blank=True)
    services = models.JSONField("ydelser (FFB)", default=list, blank=True)
    reasons = models.TextField("begrundelse", max_length=8000, blank=True)
    decided_on = models.DateField("afgjort", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    ordered_on = models.DateField(null=True, blank=True)
    activated_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField("årsag til afslutning", max_length=500, blank=True)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="replaced_by", verbose_name="erstatter")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "afgørelse"
        verbose_name_plural = "afgørelser"
        indexes = [
            models.Index(fields=["municipality", "status", "deadline_on"], name="decision_deadline_idx"),
            models.Index(fields=["municipality", "offer", "status"], name="decision_offer_idx"),
            models.Index(fields=["municipality", "citizen"], name="decision_citizen_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(hours_per_week__isnull=True) | Q(hours_per_week__gt=0),
                                   name="decision_hours_positive"),
            models.CheckConstraint(condition=Q(review_on__isnull=True) | Q(start_on__isnull=True)
                                   | Q(review_on__gt=models.F("start_on")), name="decision_review_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.offer} ({self.get_status_display().lower()})"

    @property
    def occupies_capacity(self) -> bool:
        return self.status in (self.Status.ORDERED, self.Status.ACTIVE)

    @property
    def services_display(self) -> list[str]:
        return [ffb.display(code) for code in self.services]

    @property
    def in_force(self) -> bool:
        return self.status in (self.Status.GRANTED, self.Status.ORDERED, self.Status.ACTIVE)


class ServiceChange(TenantModel):
    """The services (FFB ydelser) of an effort change on a date — one dated step, not a stop and a restart."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="service_changes")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField("fra")
    services = models.JSONField("ydelser (FFB)", default=list)
    reason = models.CharField("begrundelse", max_length=1000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField("registreret", auto_now_add=True)

    class Meta:
        verbose_name = "ændring af ydelser"
        verbose_name_plural = "ændringer af ydelser"
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["municipality", "decision", "starts_on"], name="servicechange_idx")]

    @property
    def services_display(self) -> list[str]:
        return [ffb.display(code) for code in self.services]


class EffortFollowUp(TenantModel):
    """The authority's follow-up on an effort, with FFB's "Status på indsats" (continue, end, end and
    re-assess) and the next follow-up date."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="follow_ups")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField("holdt")
    status = models.CharField("status på indsatsen (FFB)", max_length=36)
    note = models.TextField("hvad opfølgningen viste", max_length=4000, blank=True)
    next_on = models.DateField("næste opfølgning", null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField("registreret", auto_now_add=True)

    class Meta:
        verbose_name = "opfølgning på indsats"
        verbose_name_plural = "opfølgninger på indsatser"
        ordering = ["held_on", "pk"]
        indexes = [models.Index(fields=["municipality", "decision", "held_on"], name="effortfollowup_idx")]

    @property
    def status_display(self) -> str:
        return ffb.display(self.status)


class DeadlineNotice(TenantModel):
    """The written notice when a case-processing deadline cannot be met (retssikkerhedsloven § 3, stk. 2)."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="deadline_notices")
    sent_on = models.DateField("sendt")
    expected_by = models.DateField("forventet afgørelse")
    reason = models.TextField("årsag", max_length=2000)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "underretning om overskredet frist"
        verbose_name_plural = "underretninger om overskredne frister"


class Order(TenantModel):
    """An order (bestilling): the authority sends a granted effort to the provider unit, which accepts it
    and names the contact person — only then does the provider need to know the citizen — or declines."""

    class Status(models.TextChoices):
        SENT = "sent", "Sendt til udfører"
        ACCEPTED = "accepted", "Modtaget af udfører"
        STARTED = "started", "Forløbet er startet"
        DECLINED = "declined", "Afvist af udfører"
        WITHDRAWN = "withdrawn", "Trukket tilbage"

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="orders", verbose_name="bevilling")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="orders")
    unit = models.ForeignKey("accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="orders",
                             verbose_name="udførende enhed")  # None: a shared offer another municipality runs
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENT)
    ordered_on = models.DateField("bestilt")
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    message = models.TextField("besked til udfører", max_length=2000, blank=True)
    answered_on = models.DateField("besvaret", null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    contact_person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="orders_as_contact", verbose_name="kontaktperson")
    decline_reason = models.CharField("årsag til afvisning", max_length=500, blank=True)
    started_on = models.DateField("forløbet startede", null=True, blank=True)
    registered_at = models.DateTimeField("registreret", auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "bestilling"
        verbose_name_plural = "bestillinger"
        ordering = ["-ordered_on", "-pk"]
        permissions = [("answer_orders", "Modtager bestillinger og udpeger kontaktperson")]
        indexes = [models.Index(fields=["municipality", "unit", "status"], name="order_intake_idx"),
                   models.Index(fields=["municipality", "citizen"], name="order_citizen_idx")]

    def __str__(self) -> str:
        return f"Bestilling af {self.decision.offer} ({self.get_status_display().lower()})"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.SENT, self.Status.ACCEPTED)


class WaitlistEntry(TenantModel):
    """A granted citizen waiting for a place or hours in a full offer."""

    class Priority(models.IntegerChoices):
        URGENT = 1, "Haster"
        NORMAL = 2, "Almindelig"

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="waitlist_entry")
    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="waitlist")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="waitlist_entries")
    priority = models.PositiveSmallIntegerField("prioritet", choices=Priority.choices, default=Priority.NORMAL)
    added_on = models.DateField("skrevet op")
    reason = models.CharField("årsag", max_length=500, blank=True)
    offered_on = models.DateField("tilbudt plads", null=True, blank=True)
    removed_on = models.DateField("taget af listen", null=True, blank=True)
    removal_reason = models.CharField("årsag til at komme af listen", max_length=200, blank=True)

    class Meta:
        verbose_name = "plads på venteliste"
        verbose_name_plural = "venteliste"
        ordering = ["priority", "added_on", "pk"]
        indexes = [models.Index(fields=["municipality", "offer", "removed_on", "priority", "added_on"],
                                name="waitlist_queue_idx")]


class RoutingRule(TenantModel):
    """A rule that suggests an offer: an age range and needs. A table the municipality can change."""

    order = models.PositiveSmallIntegerField("rækkefølge", default=100)
    name = models.CharField("navn", max_length=200)
    min_age = models.PositiveSmallIntegerField("alder fra", null=True, blank=True)
    max_age = models.PositiveSmallIntegerField("alder til og med", null=True, blank=True)
    needs_all = models.JSONField("kræver alle behov", default=list, blank=True)
    needs_any = models.JSONField("kræver mindst ét behov", default=list, blank=True)
    needs_none = models.JSONField("ikke ved behov", default=list, blank=True)
    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="+")
    explanation = models.CharField("forklaring", max_length=500)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = "visitationsregel"
        verbose_name_plural = "visitationsregler"
        ordering = ["order", "pk"]

    @property
    def needs_text(self) -> str:
        """The needs in words: 'alle: Svær ADHD; mindst ét: Misbrug, Svær OCD; ikke: Tilkendt førtidspension'."""
        label = dict(Need.choices)
        parts = [f"{word}: {', '.join(label.get(code, code) for code in codes)}"
                 for word, codes in (("alle", self.needs_all), ("mindst ét", self.needs_any), ("ikke", self.needs_none))
                 if codes]
        return "; ".join(parts)


class EndProposal(TenantModel):
    """The provider proposes to end an effort (date, reason); the caseworker decides the end — with an
    ending letter — or refuses it, and the support goes on."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Foreslået"
        ACCEPTED = "accepted", "Afgjort: afsluttes"
        REFUSED = "refused", "Afvist: fortsætter"

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="end_proposals")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    end_on = models.DateField("foreslået slutdato")
    reason_code = models.CharField("årsag (kode)", max_length=20, blank=True)  # the provider's own list
    reason = models.CharField("årsag", max_length=200)
    note = models.TextField("bemærkning", max_length=2000, blank=True)
    klippekort_hours = models.DecimalField("klippekort, timer", max_digits=5, decimal_places=1, null=True,
                                           blank=True)
    klippekort_valid_until = models.DateField("klippekort gælder til", null=True, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField("registreret", auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    answered_on = models.DateField("besvaret", null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    answer = models.TextField("svar", max_length=4000, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "forslag om afslutning"
        verbose_name_plural = "forslag om afslutning"
        ordering = ["registered_at", "pk"]
        indexes = [models.Index(fields=["municipality", "status"], name="endproposal_status_idx")]
        constraints = [models.UniqueConstraint(fields=["decision"], condition=Q(status="proposed"),
                                               name="endproposal_one_open")]


class Letter(TenantModel):
    """A letter as it was sent: the text is kept as sent (append-only), the PDF is made from it."""

    class Kind(models.TextChoices):
        GRANT = "grant", "Afgørelse: bevilling"
        REFUSAL = "refusal", "Afgørelse: afslag"
        END = "end", "Afgørelse: ophør"
        DEADLINE = "deadline", "Underretning om sagsbehandlingstid"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="letters")
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="letters")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("slags", max_length=10, choices=Kind.choices)
    subject = models.CharField("overskrift", max_length=200)
    sent_on = models.DateField("sendt")
    html = models.TextField("brevet som sendt")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField("registreret", auto_now_add=True)

    class Meta:
        verbose_name = "brev"
        verbose_name_plural = "breve"
        ordering = ["sent_on", "pk"]
        indexes = [models.Index(fields=["municipality", "citizen", "sent_on"], name="letter_citizen_idx")]


class LetterDispatch(TenantModel):
    """The letter outbox: one row per letter sent, and how its delivery went (ADR 0037). The transport
    (`visitation.outbox`) is chosen by a setting; the demo's file transport writes the PDF to var/ and
    marks the row "demo: ikke sendt" — nothing leaves the machine."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Venter på at blive sendt"
        DEMO = "demo", "Demo: ikke sendt"
        SENT = "sent", "Sendt"
        FAILED = "failed", "Fejlede"

    letter = models.OneToOneField(Letter, on_delete=models.PROTECT, related_name="dispatch")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.QUEUED)
    transport = models.CharField("forsendelse", max_length=40, blank=True)
    reference = models.CharField("forsendelsens reference", max_length=300, blank=True)
    error = models.CharField("fejl", max_length=500, blank=True)
    queued_at = models.DateTimeField("lagt i udbakken", auto_now_add=True)
    handled_at = models.DateTimeField("behandlet", null=True, blank=True)

    class Meta:
        verbose_name = "brev i udbakken"
        verbose_name_plural = "breve i udbakken"
        indexes = [models.Index(fields=["municipality", "status", "queued_at"], name="letterdispatch_status_idx")]

    def __str__(self) -> str:
        return f"{self.letter_id}: {self.get_status_display()}"


class CaseNote(TenantModel):
    """The caseworker's own note on the case (sagsnotat). Append-only: a correction is a new version that
    points to the one it replaces, with the reason."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    written_on = models.DateField("dato")
    text = models.TextField("notat", max_length=8000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name="skrevet af")
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="replaced_by", verbose_name="retter")
    correction_reason = models.CharField("årsag til rettelsen", max_length=500, blank=True)
    version_no = models.PositiveIntegerField("version", default=1)
    registered_at = models.DateTimeField("registreret", auto_now_add=True)

    class Meta:
        verbose_name = "sagsnotat"
        verbose_name_plural = "sagsnotater"
        ordering = ["-written_on", "-pk"]
        indexes = [models.Index(fields=["municipality", "case", "written_on"], name="casenote_case_idx")]

    @property
    def is_current(self) -> bool:
        try:
            self.replaced_by  # noqa: B018
        except CaseNote.DoesNotExist:
            return True
        return False


class CaseStatusChange(TenantModel):
    """A case closed or reopened on a date, with the reason."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="status_changes")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Case.Status.choices)
    on = models.DateField("dato")
    reason = models.CharField("begrundelse", max_length=1000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField("registreret", auto_now_add=True)

    class Meta:
        verbose_name = "lukning eller genåbning af sag"
        verbose_name_plural = "lukninger og genåbninger af sager"
        ordering = ["on", "pk"]
