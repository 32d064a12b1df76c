from tests.outcomes.conftest import versions  # noqa: F401 - the shipped instruments, for the FHIR export
