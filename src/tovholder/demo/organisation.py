"""The demo municipalities' organisation: units, staffing plan (DOMAIN.md; seed 002) and logins."""

from decimal import Decimal

MAIN = ("151", "Ballerup Kommune", "2750", "Ballerup")
NEIGHBOUR = ("163", "Herlev Kommune", "2730", "Herlev")

COMPETENCES = [
    "Udadreagerende adfærd", "Svær ADHD", "Spiseforstyrrelser", "Svær OCD", "Misbrug", "Autismespektrum",
    "Dobbeltdiagnose", "Psykoedukation", "Recovery-mentor", "Uddannelse og job",
]

# unit name, kind, parent, description
MAIN_UNITS = [
    ("Socialpsykiatrien", "management", None, "Ledelsen af socialpsykiatrien i Ballerup"),
    ("SKP-teamet", "team", "Socialpsykiatrien", "Støtte-kontaktpersoner for borgere 30–65 år"),
    ("Kompetenceteamet", "team", "Socialpsykiatrien", "Intensiv støtte i de tungeste sager"),
    ("Ballerup Ungeindsats", "team", "Socialpsykiatrien", "Mentorforløb for unge 18–30 år"),
    ("ASF-teamet", "team", "Socialpsykiatrien", "Støtte og klubaften for unge med autisme"),
    ("Støberiet", "centre", "Socialpsykiatrien", "Aktivitets- og værested, uvisiteret"),
    ("Skolehaven", "housing", "Socialpsykiatrien", "Opgangsfællesskab med 18 lejligheder"),
    ("Akut- og rehabiliteringspladserne", "housing", "Socialpsykiatrien",
     "Rehabiliterende bo- og akutpladser (§ 107): korte ophold, borgeren beholder sin bolig"),
    ("Social Vejledning", "casework", None, "Myndighed: henvendelser, udredning og afgørelser"),
]
NEIGHBOUR_UNITS = [
    ("Socialpsykiatrien Herlev", "management", None, "Ledelsen af socialpsykiatrien i Herlev"),
    ("Flex Bostøtte", "team", "Socialpsykiatrien Herlev", "Døgndækket støtte i eget hjem, fælles med Ballerup"),
    ("Herlev Bostøtte", "team", "Socialpsykiatrien Herlev", "Socialpædagogisk støtte i eget hjem"),
    ("Herlev Visitation", "casework", None, "Myndighed"),
]

# username prefix, count, unit, role, title, competences (cycled), fte
MAIN_STAFF = [
    ("leder", 1, "Socialpsykiatrien", "Leder", "Leder af socialpsykiatrien", [], "1.00"),
    ("skp", 8, "SKP-teamet", "Medarbejder", "Støtte-kontaktperson", ["Psykoedukation", "Recovery-mentor"], "1.00"),
    ("skpleder", 1, "SKP-teamet", "Leder", "Teamleder, SKP", [], "1.00"),
    ("komp", 3, "Kompetenceteamet", "Medarbejder", "Specialkonsulent",
     ["Udadreagerende adfærd", "Svær ADHD", "Spiseforstyrrelser", "Svær OCD", "Misbrug", "Dobbeltdiagnose"],
     "1.00"),
    ("kompleder", 1, "Kompetenceteamet", "Leder", "Teamleder, kompetenceteamet", [], "1.00"),
    ("ung", 10, "Ballerup Ungeindsats", "Medarbejder", "Mentor", ["Uddannelse og job", "Recovery-mentor"], "1.00"),
    ("ungleder", 1, "Ballerup Ungeindsats", "Leder", "Teamleder, Ungeindsats", [], "1.00"),
    ("asf", 2, "ASF-teamet", "Medarbejder", "Støtte-kontaktperson (autisme)", ["Autismespektrum"], "1.00"),
    ("stoeb", 4, "Støberiet", "Medarbejder", "Medarbejder på Støberiet", [], "0.90"),
    ("skole", 5, "Skolehaven", "Medarbejder", "Bostøttemedarbejder", [], "0.90"),
    ("rehab", 3, "Akut- og rehabiliteringspladserne", "Medarbejder", "Bostøttemedarbejder", [], "0.90"),
    ("sagsb", 5, "Social Vejledning", "Sagsbehandler", "Sagsbehandler (visitator)", [], "1.00"),
    ("admin", 1, "Socialpsykiatrien", "Administrator", "Systemadministrator", [], "0.50"),
    ("frivillig", 1, "Socialpsykiatrien", "Frivilligkoordinator", "Frivilligkoordinator", [], "0.50"),
]
NEIGHBOUR_STAFF = [
    ("herlev-leder", 1, "Socialpsykiatrien Herlev", "Leder", "Leder af socialpsykiatrien", [], "1.00"),
    ("herlev-flex", 6, "Flex Bostøtte", "Medarbejder", "Bostøttemedarbejder", [], "1.00"),
    ("herlev-skp", 4, "Herlev Bostøtte", "Medarbejder", "Støtte-kontaktperson", [], "1.00"),
    ("herlev-sagsb", 2, "Herlev Visitation", "Sagsbehandler", "Sagsbehandler", [], "1.00"),
]

# The staffing above is the seeds' for the default demo of BASE_CITIZENS citizens (the neighbour: a fifth of
# them). A larger demo grows its teams in proportion (issue 15.1), so that a worker's caseload stays as in the
# seeds (an SKP worker is involved with a few dozen citizens) instead of one worker carrying thousands.
BASE_CITIZENS = 400
# prefixes that grow with the citizens: the workers and caseworkers of every team
GROWING_ROLES = ("Medarbejder", "Sagsbehandler")
# a team's leaders grow with its workers: one leader for up to this many workers
WORKERS_PER_LEADER = 12

DEMO_PASSWORD = "Tovholder-demo-2026"

# The logins printed by `make run` (one of each kind).
SHOWCASE_LOGINS = [
    ("skp1", "Medarbejder i SKP-teamet"),
    ("ung1", "Mentor i Ballerup Ungeindsats"),
    ("sagsb1", "Sagsbehandler i Social Vejledning"),
    ("leder", "Leder af socialpsykiatrien"),
    ("admin", "Administrator (adgangslog)"),
    ("frivillig", "Frivilligkoordinator (frivillige ledsagere)"),
    ("arkiv", "Arkivansvarlig (opbevaring og sletning)"),
    ("psykiatriraad", "Medlem af Psykiatrirådet (læser handleplanen)"),
    ("rehab1", "Medarbejder på de rehabiliterende bo- og akutpladser"),
    ("herlev-flex1", "Medarbejder i nabokommunen Herlev"),
    ("herlev-leder", "Leder i nabokommunen Herlev (Flex Bostøttes kvoter)"),
]


def sized_staff(specs: list[tuple], citizens: int, base: int = BASE_CITIZENS) -> list[tuple]:
    """The staff specs for a demo of `citizens` citizens: up to `base` the seeds' own, above it every team's
    workers and caseworkers in proportion (rounded up) and a team leader per WORKERS_PER_LEADER workers.
    The first of each kind keeps its login (skp1, sagsb1, skpleder …); the new ones follow it (skp9 …,
    skpleder2 …). Top leaders, the administrator and the volunteer coordinator stay one each."""
    if citizens <= base:
        return list(specs)
    workers: dict[str, int] = {}
    sized = []
    for prefix, count, unit, role, *rest in specs:
        if role in GROWING_ROLES:
            count = -(-count * citizens // base)
            workers[unit] = workers.get(unit, 0) + count
        sized.append([prefix, count, unit, role, *rest])
    for spec in sized:
        prefix, count, unit, role = spec[:4]
        if role == "Leder" and unit in workers:  # a team's leader (not the head of the organisation)
            spec[1] = max(count, -(-workers[unit] // WORKERS_PER_LEADER))
    return [tuple(spec) for spec in sized]


def scale(citizens: int, base: int = BASE_CITIZENS) -> Decimal:
    """How much larger than the default demo a demo of `citizens` is (1 up to the default)."""
    return max(Decimal(1), Decimal(citizens) / Decimal(base))


def username(prefix: str, base_count: int, i: int) -> str:
    """The i-th (from 1) login of a kind: a kind of one in the seeds keeps its bare name for the first
    (leder, skpleder) and numbers the rest from 2; the others are numbered (skp1 …)."""
    return prefix if base_count == 1 and i == 1 else f"{prefix}{i}"


def public_pages(code: str, name: str, town: str) -> dict:
    """The demo municipality's logo and public pages (its own simple logo, not the real coat of arms)."""
    slug = town.lower()
    return {
        "logo": f"tovholder/logos/{code}.svg",
        "accessibility_url": f"https://www.was.digst.dk/tovholder-{slug}-kommune-dk",
        "accessibility_compliance": "partial",
        "accessibility_known_issues": (
            "Afgørelsesbreve i PDF er ikke fuldt tilgængelige for skærmlæsere.\n\n"
            "Diagrammer over effektmål har en tabel med tallene ved siden af; selve diagrammet kan ikke "
            "læses af en skærmlæser."),
        "accessibility_contact": f"tilgaengelighed@{slug}.demo.tovholder.dk",
        "contact_text": (f"Socialpsykiatrien, {name}\n{town} Rådhus\n\n"
                         "Telefonen er åben mandag til torsdag kl. 9–15 og fredag kl. 9–13."),
        "contact_email": f"socialpsykiatri@{slug}.demo.tovholder.dk",
        "contact_phone": "44 77 20 00" if code == "151" else "44 52 70 00",
        "privacy_text": (
            f"{name} er dataansvarlig for oplysningerne i Tovholder. Vi behandler oplysninger om dig for "
            "at kunne visitere, give og følge op på socialpsykiatrisk støtte efter serviceloven.\n\n"
            "Vi behandler almindelige oplysninger, CPR-nummer og helbredsoplysninger, og kun de "
            "medarbejdere, der arbejder med din sag, kan se dem. Du har ret til indsigt, til at få rettet "
            "forkerte oplysninger og til at klage til Datatilsynet."),
        "privacy_officer": f"dpo@{slug}.demo.tovholder.dk",
    }
