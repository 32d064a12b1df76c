"""Statistics Denmark's monthly report on services to adults with disabilities and marginalised adults
(ADR 0030): `build` selects and validates the month's efforts and lays out the file, `services` queues,
writes and audits a report, `selectors` reads for the page, `tasks` runs in the background."""
