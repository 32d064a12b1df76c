"""The psychiatry policy's seven focus areas as the policy names them (seed 003, section 6)."""

FOCUS_AREAS: list[tuple[str, str]] = [
    ("6.1", "Samarbejde med behandlingspsykiatrien og almen praksis"),
    ("6.2", "Sammenhængende borgerforløb"),
    ("6.3", "Pårørende, netværk og samfundsliv"),
    ("6.4", "Børn og unge"),
    ("6.5", "Sundhed"),
    ("6.6", "Bolig"),
    ("6.7", "Uddannelse, beskæftigelse og meningsfulde aktiviteter"),
]
