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
    """End a pool's workers now, their work abandoned (Ctrl+C during a build: not when it is done);
    back once they are gone, so their folders can be removed. A second Ctrl+C or `kill` meanwhile
    waits until this is done (it would leave the other workers running)."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        workers = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.join(5)
            if worker.is_alive():
                worker.kill()
                worker.join(5)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _started(parent: int, every: float = 1.0) -> None:
    # not SIG_IGN: an ignored signal stays ignored in the programs a worker starts (zensical_engine.py)
    signal.signal(signal.SIGINT, _parents_to_handle)

    def watch():
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)  # the parent is gone: nobody waits for this worker's result

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def _parents_to_handle(signum, frame) -> None:
    """Ctrl+C in a worker: nothing; the parent stops it (stop)."""
