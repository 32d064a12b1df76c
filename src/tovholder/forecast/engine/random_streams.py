"""Random number streams: one independent stream per purpose and per replication.

Two kinds of stream are used, both derived from one integer seed through
:class:`numpy.random.SeedSequence`, so that nothing depends on how replications
are grouped into chunks:

* :func:`replication_generator` gives a numpy ``Generator`` (PCG64) for one
  (purpose, replication) pair.  It is used for the exogenous draws made once per
  replication before the daily loop (Poisson arrival counts, routing, priority).
* :func:`counter_uniforms` is a counter-based (stateless) generator: the ``k``-th
  uniform of the stream keyed by (purpose, replication, offer) is a pure
  function of those numbers (SplitMix64 output ``k`` for a SeedSequence-derived
  key).  It is used for everything that belongs to one episode or one parameter,
  so the ``k``-th citizen who starts in an offer gets the same duration in every
  scenario run with the same seed (common random numbers), in any chunk.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S11 = np.uint64(11)
_TWO_POW_53 = float(2**53)


class Purpose(IntEnum):
    """What a stream is used for; each purpose has its own independent seed."""

    PARAMETERS = 1
    ARRIVALS = 2
    ROUTING = 3
    PRIORITY = 4
    EPISODES = 5
    OUTCOMES = 6
    INITIAL = 7
    INITIAL_OUTCOMES = 8


def _fmix64(x: np.ndarray) -> np.ndarray:
    """SplitMix64 / Stafford "mix13" finaliser on a uint64 array (returns a new array)."""
    z = np.array(x, dtype=np.uint64, copy=True)
    _fmix64_inplace(z)
    return z


def _fmix64_inplace(z: np.ndarray) -> None:
    """The same finaliser, in place, with one scratch array (fast on large arrays)."""
    scratch = np.empty_like(z)
    np.right_shift(z, _S30, out=scratch)
    z ^= scratch
    z *= _MIX1
    np.right_shift(z, _S27, out=scratch)
    z ^= scratch
    z *= _MIX2
    np.right_shift(z, _S31, out=scratch)
    z ^= scratch


def _states(keys: np.ndarray, counters: np.ndarray) -> np.ndarray:
    """SplitMix64 states ``key + (counter + 1) * golden`` (broadcast), mixed in place."""
    state = (np.asarray(counters, dtype=np.uint64) + np.uint64(1)) * _GOLDEN
    state = state + np.asarray(keys, dtype=np.uint64)
    _fmix64_inplace(state)
    return state


def purpose_root(seed: int, purpose: Purpose) -> np.ndarray:
    """The 64-bit root key of one purpose (a length-1 uint64 array), from its SeedSequence."""
    state = np.random.SeedSequence(int(seed), spawn_key=(int(purpose),)).generate_state(1, np.uint64)
    return state[:1]


def stream_keys(
    seed: int,
    purpose: Purpose,
    replications: np.ndarray,
    offer: int = 0,
) -> np.ndarray:
    """Keys of the counter-based streams for the given global replication indices.

    The key depends only on (seed, purpose, replication, offer), never on the chunk a
    replication happens to be simulated in.
    """
    reps = np.asarray(replications, dtype=np.uint64)
    key = _fmix64(purpose_root(seed, purpose) + (reps + np.uint64(1)) * _GOLDEN)
    return _fmix64(key + np.full(1, offer + 1, dtype=np.uint64) * _MIX1)


def counter_uniforms(keys: np.ndarray, counters: np.ndarray) -> np.ndarray:
    """Uniform numbers in the open interval (0, 1), one per (key, counter) pair.

    ``keys`` and ``counters`` broadcast against each other.  The value is the
    SplitMix64 output number ``counter`` of the generator seeded with ``key``
    (53 bits of precision).
    """
    bits = _states(keys, counters)
    bits >>= _S11
    uniforms = bits.astype(np.float64)
    uniforms += 0.5
    uniforms /= _TWO_POW_53
    return uniforms


def counter_uniform_pair(keys: np.ndarray, counters: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two independent uniforms in (0, 1) per (key, counter), 32 bits each, from one hash."""
    bits = _states(keys, counters)
    half = np.right_shift(bits, np.uint64(32))
    high = half.astype(np.float64)
    np.bitwise_and(bits, np.uint64(0xFFFFFFFF), out=half)
    low = half.astype(np.float64)
    for uniforms in (high, low):
        uniforms += 0.5
        uniforms /= 4294967296.0
    return high, low


def replication_generator(seed: int, purpose: Purpose, replication: int) -> np.random.Generator:
    """A numpy Generator for one replication and purpose (chunk independent)."""
    sequence = np.random.SeedSequence(int(seed), spawn_key=(int(purpose), int(replication)))
    return np.random.Generator(np.random.PCG64(sequence))
