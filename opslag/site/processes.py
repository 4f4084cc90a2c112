"""The build's worker processes (the languages side by side: build.py and serve's incremental.py),
made one way: spawned, not forked (a forked V8, webengine.py, is not safe to use), and each ends
itself when the process that started it is gone. A killed `build.py serve` or `build` would
otherwise leave its workers waiting for work forever, holding their memory: a pool's worker
holds its own end of the pipe it waits on, so it never reads end-of-file."""

from __future__ import annotations

import os
import threading
import time


def pool(workers: int):
    """A process pool of `workers` processes that end with their parent."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_watch_parent, initargs=(os.getpid(),))


def _watch_parent(parent: int, every: float = 1.0) -> None:
    def watch():
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)  # the parent is gone: nobody waits for this worker's result

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()
