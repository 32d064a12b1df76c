"""Rehabilitating stays and acute places (§ 107): the citizen keeps their own home."""
