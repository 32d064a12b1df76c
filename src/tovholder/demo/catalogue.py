"""The demo municipality's offer catalogue, from the seeds (DOMAIN.md's table of offers).

Prices (takster) are illustrative demo figures, not Ballerup's real ones. FFB codes are KL's.
"""

SEL = "Serviceloven"

LEGAL_BASES = [
    (SEL, "§ 82 a", "Gruppebaseret hjælp og støtte uden visitation"),
    (SEL, "§ 82 b", "Individuel, tidsbegrænset socialpædagogisk hjælp og støtte uden visitation"),
    (SEL, "§ 82 c", "Akuttilbud"),
    (SEL, "§ 85", "Socialpædagogisk støtte i eget hjem"),
    (SEL, "§ 99", "Støtte- og kontaktperson"),
    (SEL, "§ 104", "Aktivitets- og samværstilbud"),
    (SEL, "§ 107", "Midlertidigt botilbud"),
    (SEL, "§ 108", "Længerevarende botilbud"),
]

# The municipality's case-processing deadlines per legal basis: (days, counted in working days?).
DEADLINES = {"§ 85": (56, False), "§ 99": (2, True), "§ 104": (84, False), "§ 107": (42, False),
             "§ 108": (84, False)}

# FFB codes (KL): services (Ydelse) and offer types (Tilbud)
FFB_SOCIALPAEDAGOGISK = "1f0ff82b-3243-422f-9651-1d00fd2dcd61"
FFB_GRUPPEBASERET = "3459f530-7334-48c4-9037-53bf80df8851"
FFB_INDIVIDUEL_TIDSBEGRAENSET = "fe42f8f4-d516-4bab-b006-12b0cd186603"
FFB_AKUT_RAADGIVNING = "f3edac43-d0d6-4cc3-96c7-4658a557257a"
FFB_FRIVILLIGE = "794ebc42-0639-46eb-aca2-40e996568578"
FFB_AKTIVITET_SAMVAER = "a2256d86-1cf8-4da5-be49-1f49f4335ecb"
FFB_FYSISK_AKTIVITET = "66e23d66-1c5f-4070-bed1-8827cc863dcd"
FFB_STOETTE_PRAKTISKE = "638f44df-6bf2-47f8-9935-b8fdc83e5bf5"  # Støtte til daglige opgaver i hjemmet
FFB_SOCIAL_AKTIVITET = "7e419926-bb04-4829-99c9-95ea20403c2c"  # Social aktivitet (the club evening)
FFB_MIDLERTIDIGT_OPHOLD = "80aa8ea7-4ad8-405f-876a-4c0f89fde06a"
FFB_LAENGEREVARENDE_OPHOLD = "5af56051-8413-4115-aaa2-83a0767e1137"
FFB_TILBUD_MOBILT = "d90f4da6-f87a-43b5-833f-646b4baf16d6"
FFB_TILBUD_AKTIVITET = "9401777d-bdc5-4f52-9804-63c8cae9a792"
FFB_TILBUD_MIDLERTIDIGT_BO = "25de7444-3919-4dab-b844-8cec6c15f30e"
FFB_TILBUD_BOTILBUDSLIGNENDE = "d23e3e8a-7fcf-4603-9d75-481b6e47e0eb"
FFB_TILBUD_AKUT = "5ea75f09-8eec-4edc-aafd-a330a523c33e"

# name, operator, paragraph, ffb service, ffb offer type, age min, age max, target, visitation,
# format, capacity kind, capacity, fte, price, price unit, unit (team), description
OFFERS = [
    dict(name="SKP – støtte-kontaktperson-ordning", paragraph="§ 85", ffb_service=FFB_SOCIALPAEDAGOGISK,
         ffb_offer_type=FFB_TILBUD_MOBILT, target_age_min=30, target_age_max=65,
         target_description="Borgere med sindslidelse eller psykisk sårbarhed, 30–65 år",
         requires_visitation=True, format="mixed", capacity_kind="staff_hours", capacity=236, staff_fte=8,
         price=520, price_unit="hour", unit="SKP-teamet",
         description="Graduerede forløb: individuel støtte og gruppebaseret støtte. Intensiteten skrues op og ned "
                     "efter borgerens recovery. Midlertidig; klippekort med et begrænset antal SKP-timer efter "
                     "forløbets afslutning uden ny visitation."),
    dict(name="SKP kompetenceteam", paragraph="§ 85", ffb_service=FFB_SOCIALPAEDAGOGISK,
         ffb_offer_type=FFB_TILBUD_MOBILT, target_age_min=18, target_age_max=65,
         target_description="De tungeste sager: udadreagerende adfærd, svær ADHD, spiseforstyrrelser, svær OCD, "
                            "misbrug", requires_visitation=True, format="individual", capacity_kind="staff_hours",
         capacity=88, staff_fte=3, price=610, price_unit="hour", unit="Kompetenceteamet",
         description="Intensiv støtte og specialistviden. Mål: fastholde færdigheder og forebygge forværring. "
                     "Hjemtager sager, der før blev købt eksternt."),
    dict(name="Ballerup Ungeindsats – mentorforløb", paragraph="§ 85", ffb_service=FFB_SOCIALPAEDAGOGISK,
         ffb_offer_type=FFB_TILBUD_MOBILT, target_age_min=16, target_age_max=30,
         target_description="Unge (16) 18–30 år med tilknytning til socialpsykiatrien",
         requires_visitation=True, format="mixed", capacity_kind="staff_hours", capacity=295, staff_fte=10,
         price=520, price_unit="hour", unit="Ballerup Ungeindsats",
         description="Alle unge henvises som udgangspunkt til et mentorforløb: gruppeaktiviteter, støttende "
                     "samtaler med psykolog og individuel støtte; sigter altid mod uddannelse eller job. Fælles "
                     "visitation med Social Vejledning og Jobcenter. Unge på førtidspension overgår til SKP."),
    dict(name="ASF-tilbud (autismespektrum)", paragraph="§ 85", ffb_service=FFB_SOCIALPAEDAGOGISK,
         ffb_offer_type=FFB_TILBUD_MOBILT, target_age_min=18, target_age_max=30,
         target_description="Unge 18–30 år med autismespektrumforstyrrelse", requires_visitation=True,
         format="mixed", capacity_kind="staff_hours", capacity=59, staff_fte=2, price=540, price_unit="hour",
         unit="ASF-teamet", description="SKP-støtte og en ugentlig klubaften.",
         grant_services=[FFB_STOETTE_PRAKTISKE, FFB_SOCIAL_AKTIVITET]),
    dict(name="Rehabiliterende bo- og akutpladser", paragraph="§ 107", ffb_service=FFB_MIDLERTIDIGT_OPHOLD,
         ffb_offer_type=FFB_TILBUD_MIDLERTIDIGT_BO, target_age_min=18, target_age_max=None,
         target_description="Primært unge efter psykiatrisk indlæggelse; borgere i risiko for døgnanbringelse",
         requires_visitation=True, format="residential", capacity_kind="places", capacity=4, staff_fte="2.70",
         price=2450, price_unit="day", unit="Akut- og rehabiliteringspladserne",
         description="Kort, tidsbegrænset ophold for at stabilisere og vende hjem. Borgeren beholder sin egen bolig "
                     "under opholdet."),
    dict(name="Opgangsfællesskabet Skolehaven", paragraph="§ 108", legal_basis_note="og § 107 ved midlertidigt ophold",
         ffb_service=FFB_LAENGEREVARENDE_OPHOLD, ffb_offer_type=FFB_TILBUD_BOTILBUDSLIGNENDE,
         target_age_min=18, target_age_max=None,
         target_description="Kan ikke klare egen bolig, men har ikke behov for døgndækning",
         requires_visitation=True, format="residential", capacity_kind="places", capacity=18, staff_fte=5,
         price=1350, price_unit="day", unit="Skolehaven",
         description="18 lejligheder. Hjælp til økonomi, indkøb, madlavning, rengøring og tøjvask; ugentligt "
                     "husmøde, der lægger næste uges madplan. Knyttet til Støberiet."),
    dict(name="Projekt integreret indsats (dobbeltdiagnose)", paragraph="§ 85",
         legal_basis_note="– tværsektorielt med Psykiatrisk Center Ballerup og Brydehuset",
         ffb_service=FFB_SOCIALPAEDAGOGISK, ffb_offer_type=FFB_TILBUD_MOBILT, target_age_min=18,
         target_age_max=None, target_description="Sindslidelse og misbrug", requires_visitation=True,
         format="individual", capacity_kind="staff_hours", capacity=30, staff_fte=1, price=610, price_unit="hour",
         unit="Kompetenceteamet",
         description="Fælles udredning og én sammenhængende forløbsplan med Psykiatrisk Center Ballerup og "
                     "Brydehuset."),
    dict(name="Støberiet – aktivitets- og værested", paragraph="§ 104", ffb_service=FFB_AKTIVITET_SAMVAER,
         ffb_offer_type=FFB_TILBUD_AKTIVITET, target_age_min=18, target_age_max=None,
         target_description="Mest 30–55 år; uvisiteret", requires_visitation=False, may_be_granted=True,
         format="dropin",
         capacity_kind="places", capacity=30, staff_fte=4, price=0, price_unit="none", unit="Støberiet",
         description="Café, svømning, volleyball, kreativt værksted, cykelværksted, korte ture og samtalegruppen "
                     "'Det gode liv'. Brugerne overtager driftsopgaver fra en arbejdsliste. Åben rådgivning."),
    dict(name="Åben rådgivning på Støberiet", paragraph="§ 82 b", ffb_service=FFB_INDIVIDUEL_TIDSBEGRAENSET,
         ffb_offer_type=FFB_TILBUD_MOBILT, target_age_min=18, target_age_max=None,
         target_description="Alle, også anonymt", requires_visitation=False, format="individual",
         capacity_kind="open", capacity=0, staff_fte=0, price=0, price_unit="none", unit="Støberiet",
         description="Hjælp med det samme uden bevilling og uden at blive en 'sag' (Holbæk-modellen)."),
    dict(name="Akut hjælp uden visitation", paragraph="§ 82 c", ffb_service=FFB_AKUT_RAADGIVNING,
         ffb_offer_type=FFB_TILBUD_AKUT, target_age_min=18, target_age_max=None,
         target_description="Borgere i akut psykisk krise", requires_visitation=False, format="individual",
         capacity_kind="open", capacity=0, staff_fte=0, price=0, price_unit="none", unit="SKP-teamet",
         description="Akut rådgivning, omsorg og støtte."),
    dict(name="Gruppebaseret hjælp uden visitation", paragraph="§ 82 a", ffb_service=FFB_GRUPPEBASERET,
         ffb_offer_type=FFB_TILBUD_MOBILT, target_age_min=18, target_age_max=None,
         target_description="Borgere med psykisk sårbarhed", requires_visitation=False, format="group",
         capacity_kind="seats", capacity=12, staff_fte=0, price=0, price_unit="none", unit="SKP-teamet",
         description="Gruppebaseret, forebyggende hjælp og støtte, som borgeren kan bruge direkte."),
    dict(name="Støtte- og kontaktperson (§ 99)", paragraph="§ 99", ffb_service="",
         ffb_offer_type="",  # FFB has no service or offer type for § 99 target_age_min=18, target_age_max=None,
         target_description="Sindslidende, misbrugere og hjemløse, der ikke selv søger hjælp",
         requires_visitation=False, format="individual", capacity_kind="open", capacity=0, staff_fte=0, price=0,
         price_unit="none", unit="SKP-teamet", description="Opsøgende kontakt uden visitation."),
    dict(name="Gruppeforløb", paragraph="§ 85", legal_basis_note="(gruppebaseret støtte)",
         ffb_service=FFB_GRUPPEBASERET, ffb_offer_type=FFB_TILBUD_MOBILT, target_age_min=18, target_age_max=None,
         target_description="SKP-brugere, tidligere brugere og pårørende", requires_visitation=False,
         format="group", capacity_kind="seats", capacity=12, staff_fte=0, price=3500, price_unit="course",
         unit="SKP-teamet",
         description="Recoveryforløb, IT og kommunikation, økonomi og bolig, mestringsstrategier, kost og sundhed, "
                     "psykoedukation, uddannelse og job, kommunal guide og medborgerskab; pårørendekurser med "
                     "Bedre Psykiatri. 14 gruppeforløb 2017–19 i Sundhedshuset."),
    dict(name="Frivillige ledsagere", paragraph=None, legal_basis_note="Frivilligt socialt arbejde",
         ffb_service=FFB_FRIVILLIGE, ffb_offer_type="", target_age_min=18, target_age_max=None,
         target_description="Brugere, der har svært ved at bruge almindelige tilbud", requires_visitation=False,
         format="individual", capacity_kind="open", capacity=0, staff_fte=0, price=0, price_unit="none",
         unit="Støberiet", description="Matcher frivillige med brugere."),
    dict(name="IF Aktivisterne", paragraph="§ 104", ffb_service=FFB_FYSISK_AKTIVITET,
         ffb_offer_type=FFB_TILBUD_AKTIVITET, target_age_min=18, target_age_max=None, target_description="Alle",
         requires_visitation=False, may_be_granted=True, format="group", capacity_kind="open", capacity=0,
         staff_fte=0, price=0,
         price_unit="none", unit="Støberiet", shared_with={"Herlev Kommune": None},
         description="Idrætstilbud i samarbejde med Herlev, der leder videre til almindelige idrætsforeninger."),
]

# Operated by the neighbour, with a quota for the main demo municipality.
NEIGHBOUR_OFFERS = [
    dict(name="Flex Bostøtte", paragraph="§ 85", legal_basis_note="– døgndækket støtte i eget hjem",
         ffb_service=FFB_SOCIALPAEDAGOGISK, ffb_offer_type=FFB_TILBUD_MOBILT, target_age_min=18,
         target_age_max=None, target_description="Mellem hjemmestøtte og botilbud", requires_visitation=True,
         format="individual", capacity_kind="places", capacity=15, staff_fte=6, price=1650, price_unit="day",
         unit="Flex Bostøtte", shared_with={"Ballerup Kommune": 7, "Herlev Kommune": 8},
         description="Døgndækket støtte i eget hjem, drevet sammen med Ballerup."),
    dict(name="Herlev SKP", paragraph="§ 85", ffb_service=FFB_SOCIALPAEDAGOGISK, ffb_offer_type=FFB_TILBUD_MOBILT,
         target_age_min=18, target_age_max=None, target_description="Borgere med psykisk sårbarhed",
         requires_visitation=True, format="individual", capacity_kind="staff_hours", capacity=120, staff_fte=4,
         price=530, price_unit="hour", unit="Herlev Bostøtte", description="Socialpædagogisk støtte i eget hjem."),
]
