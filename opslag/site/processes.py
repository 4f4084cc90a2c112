"""The build's worker processes (the languages side by side: build.py and serve's incremental.py),
made one way: spawned, not forked (a forked V8, webengine.py, is not safe to use), and each ends
itself when the process that started it is gone. A killed `build.py serve` or `build` would
otherwise leave its workers waiting for work forever, holding their memory: a pool's worker
holds its own end of the pipe it waits on, so it never reads end-of-file. Ctrl+C reaches every
process of the terminal's group; the workers leave it to their parent, which stops them (each
printed a traceback of its own before)."""

from __future__ import annotations

import os
import signal
import threading
import time


def pool(workers: int):
    """A process pool of `workers` processes that end with their parent."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_started, initargs=(os.getpid(),))


def stop(pool) -> None:
    """End a pool's workers now, their work abandoned (Ctrl+C during a build: not when it is done)."""
    workers = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.terminate()


def _started(parent: int, every: float = 1.0) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch():
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)  # the parent is gone: nobody waits for this worker's result

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()
