"""A language's build keeps what it starts with (the corpus, serve's kept words and outputs) to its
end: the cyclic garbage collector need not look at it. Python's collector walks every object it
tracks at each full collection, and a build makes enough objects for many; at 10,830 criteria
those walks over the corpus were a third of an edit in serve (#21: 12.4 → 8.6 s). Freezing moves
what exists now out of the collector's view until the build is done; reference counting still
frees it, and a cycle among it is collected after the build. What exists includes garbage not yet
collected (the last run's page writer is a cycle): it waits one run longer, a bounded cost."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def kept_to_the_end():
    """Inside: the objects that exist on entry are not walked by the cyclic garbage collector.
    Inside another (nothing nests today), it leaves the freeze to the outer one."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
