from tests.support.conftest import sw  # noqa: F401 - the support world's offers and grant
