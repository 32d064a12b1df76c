"""The functions of the municipal chart of accounts (Budget- og regnskabssystem for kommuner, hovedkonto 5,
hovedfunktion 5.38 "Tilbud til voksne med særlige behov") that social psychiatry books on — the standard rows
a municipality starts from. They are data once loaded (`services.load_standard_chart`): the chart changes
every year, and a municipality edits its own rows (a function closed after a year, a new one from a year).

The numbers follow the 2018 edition of the chart (chapter 3.5.4): § 85 support sits on 5.38.38 with a
grouping per target group (003 særlige sociale problemer, 004 betydelig nedsat funktionsevne, 005
sindslidende); § 104 on 5.38.59, § 107 on 5.38.52, § 108 on 5.38.50, §§ 97–99 on 5.38.53, §§ 109–110 on
5.38.42, § 103 on 5.38.58, § 101 on 5.38.45 and the open counselling (§ 12) on 5.38.35."""

STANDARD: list[tuple[str, str, str]] = [
    ("5.38.35", "", "Rådgivning og rådgivningsinstitutioner (servicelovens §§ 10 og 12)"),
    ("5.38.38", "003", "Socialpædagogisk bistand til personer med særlige sociale problemer (servicelovens § 85)"),
    ("5.38.38", "004", "Socialpædagogisk bistand til personer med betydelig nedsat funktionsevne "
                       "(servicelovens § 85)"),
    ("5.38.38", "005", "Socialpædagogisk bistand til sindslidende personer (servicelovens § 85)"),
    ("5.38.42", "", "Botilbud for personer med særlige sociale problemer (servicelovens §§ 109–110)"),
    ("5.38.45", "", "Behandling af stofmisbrugere (servicelovens § 101)"),
    ("5.38.50", "", "Botilbud til længerevarende ophold (servicelovens § 108)"),
    ("5.38.52", "", "Botilbud til midlertidigt ophold (servicelovens § 107)"),
    ("5.38.53", "", "Kontaktperson- og ledsageordninger (servicelovens §§ 45, 97–99)"),
    ("5.38.58", "", "Beskyttet beskæftigelse (servicelovens § 103)"),
    ("5.38.59", "", "Aktivitets- og samværstilbud (servicelovens § 104)"),
]

# Where an offer's legal basis usually books (a suggestion for the first mapping, never applied silently).
BY_PARAGRAPH: dict[str, tuple[str, str]] = {
    "§ 85": ("5.38.38", "005"),
    "§ 82 b": ("5.38.38", "005"),
    "§ 104": ("5.38.59", ""),
    "§ 107": ("5.38.52", ""),
    "§ 108": ("5.38.50", ""),
    "§ 99": ("5.38.53", ""),
    "§ 97": ("5.38.53", ""),
    "§ 109": ("5.38.42", ""),
    "§ 110": ("5.38.42", ""),
    "§ 103": ("5.38.58", ""),
    "§ 101": ("5.38.45", ""),
    "§ 12": ("5.38.35", ""),
}
