"""The API's shapes (pydantic, through django-ninja): Danish field names, as the pages speak."""

import datetime

from ninja import Field, Schema

from tovholder.visitation.models import Source, Urgency


class FejlDetalje(Schema):
    kode: str = Field(description="Stabil kode for fejlen, fx 'ikke_fundet', 'ingen_adgang', 'ugyldigt_input'")
    besked: str = Field(description="Beskeden på dansk")
    felter: dict[str, list[str]] = Field(default_factory=dict, description="Beskeder pr. felt (ved 422)")


class Fejl(Schema):
    fejl: FejlDetalje


class Borger(Schema):
    id: int
    cpr: str
    fornavn: str
    efternavn: str
    foedselsdato: datetime.date


class Side(Schema):
    naeste: int | None = Field(description="Markøren til næste side (send den som `efter`); null på sidste side")


class Borgere(Side):
    data: list[Borger]


class Sag(Schema):
    id: int
    nummer: str
    oprettet: datetime.date
    status: str
    lukket: datetime.date | None
    primaer_maalgruppe: str = Field(description="FFB-kode (UUID) eller tom")
    maalgrupper: list[str]


class Sager(Side):
    data: list[Sag]


class Opfoelgning(Schema):
    holdt: datetime.date
    status: str = Field(description="Indsatsens status (FFB-kode)")
    naeste: datetime.date | None


class Afgoerelse(Schema):
    id: int
    sag_id: int
    tilbud_id: int | None
    tilbud: str
    status: str
    ansoegt: datetime.date
    afgjort: datetime.date | None
    start: datetime.date | None
    opfoelgning: datetime.date | None
    afsluttet: datetime.date | None
    timer_pr_uge: float | None
    ydelser: list[str] = Field(description="Ydelser (FFB-koder)")


class Afgoerelser(Side):
    data: list[Afgoerelse]


class Indsats(Afgoerelse):
    opfoelgninger: list[Opfoelgning]


class Indsatser(Side):
    data: list[Indsats]


class Maal(Schema):
    id: int
    tekst: str
    maaltype: str
    tilstand: str
    sekundaere_tilstande: list[str]
    startniveau: int | None
    maalniveau: int | None
    status: str
    oprettet: datetime.date
    naeste_opfoelgning: datetime.date | None
    afgoerelse_id: int | None


class Plan(Schema):
    id: int | None = Field(description="null, når borgeren endnu ikke har en plan")
    oenske: str
    evalueres: datetime.date | None
    maal: list[Maal]


class Aftale(Schema):
    id: int
    aktivitet_id: int
    form: str
    starter: datetime.datetime
    slutter: datetime.datetime
    sted: str
    aktivitetens_status: str
    deltagelse: str
    tilbud_id: int | None


class Aftaler(Side):
    data: list[Aftale]


class Svar(Schema):
    omraade: str
    vaerdi: int


class Maaling(Schema):
    id: int
    instrument: str
    instrument_navn: str
    dato: datetime.date
    besvaret_af: str
    erstatter_id: int | None
    svar: list[Svar]


class Maalinger(Side):
    data: list[Maaling]


class Venteliste(Schema):
    tilbud_id: int
    tilbud: str
    kapacitet: float | None = Field(description="Pladser eller timer i alt; null for et åbent tilbud")
    brugt: float
    enhed: str
    venter: int
    laengste_ventetid_dage: int | None
    forventet_dage_for_naeste: float | None


class Prognose(Schema):
    id: int
    scenarie: str
    startdato: datetime.date
    horisont_dage: int
    replikationer: int
    optalt: datetime.date


class Prognoser(Side):
    data: list[Prognose]


class PrognoseMedResultat(Prognose):
    resultat: dict | None


class NyHenvendelse(Schema):
    kilde: Source = Field(description="Hvem henvender sig")
    hvad: str = Field(min_length=1, max_length=4000, description="Hvad der spørges om")
    modtaget: datetime.date
    hast: Urgency = Urgency.NORMAL
    cpr: str | None = Field(default=None, max_length=11, description="Borgerens CPR-nummer, hvis det er oplyst")
    navn: str | None = Field(default=None, max_length=200, description="Borgerens navn, som det er oplyst")
    henvender: str | None = Field(default=None, max_length=200, description="Henvenderens navn")


class Henvendelse(Schema):
    id: int
    modtaget: datetime.date
    status: str
