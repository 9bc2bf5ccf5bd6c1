"""Resource identifiers: UUIDv7, so ids sort by creation time.

Time-ordered ids make the primary key the natural, stable order for paging
and keep inserts at the right edge of the B-tree.
"""

import os
import time
import uuid


def new_id() -> str:
    """Return a fresh UUIDv7 (RFC 9562 §5.7) as its canonical string."""
    millis = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (millis & (2**48 - 1)) << 80
    value |= 0x7 << 76  # version
    value |= (rand >> 68) << 64  # rand_a: 12 bits
    value |= 0b10 << 62  # variant
    value |= rand & (2**62 - 1)  # rand_b
    return str(uuid.UUID(int=value))
