"""Skolehaven's flats, residencies and house meetings."""
