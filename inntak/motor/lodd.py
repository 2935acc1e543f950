"""Loddtrekning (lottery) for ties: deterministic and publicly checkable.

Equal group and equal points are ordered by the lottery (docs/regler/regler-2006.md §1.4, [S-U620]). Instead of a random draw
that nobody can re-check, every applicant's ticket is a hash of the per-run seed and their id, so anyone holding
the stored snapshot can recompute it, e.g. ``printf '%s' '42:S1' | sha256sum`` and read the first 16 hex digits.
"""

from __future__ import annotations

import hashlib
import secrets

__all__ = ["lodd", "velg_seed"]


def lodd(seed: int, soker_id: str) -> int:
    """Ticket = first 8 bytes of SHA-256("<seed>:<søker-id>") as big-endian unsigned int; lower wins."""
    return int.from_bytes(hashlib.sha256(f"{seed}:{soker_id}".encode()).digest()[:8], "big")


def velg_seed() -> int:
    """Pick a fresh seed for a run (63 bits, so it fits a signed 64-bit database column); store it in the snapshot."""
    return secrets.randbits(63)
