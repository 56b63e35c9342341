"""The garbage collector's settings for a program that stays open all day.

With Python's defaults a full collection walks every object the program holds, and by the time
the app is open those are some 150,000 (Textual, SQLAlchemy, the screens' caches; Textual keeps
up to 1,024 widgets' rendered lines in a cache of its own). On 100,000 cases such a collection
took 75-130 ms, and one fell inside a key now and then, adding that to the screen's time. So,
once the app is open:

- what is alive then is moved out of the collector's way for good (`gc.freeze`): it lives as long
  as the program, and walking it finds nothing to free;
- the youngest generation is collected every 10,000 allocations instead of 700 (each collection
  is then one of few, not one of thousands; nothing that lasts is kept longer because of it).

Both are done once per process, in idle time after the first screen shows (bench/screens.py
measures the effect: python bench/screens.py --gc-defaults for the figures without it).
"""

from __future__ import annotations

import gc

YOUNG = 10_000
_settled = False


def settle() -> None:
    """Freeze what the open app holds and collect less often (once per process)."""
    global _settled
    if _settled:
        return
    _settled = True
    gc.collect()
    gc.freeze()
    young, middle, old = gc.get_threshold()
    gc.set_threshold(max(young, YOUNG), max(middle, 20), max(old, 20))
