"""Worker processes that run the endpoint's queries, each one stoppable at its time limit.

A pyoxigraph query cannot be interrupted from Python, and one step of its evaluation (a
``COUNT(*)`` over a cartesian product, an ``ORDER BY`` over millions of rows) can run for hours,
so threads will not do. Each worker is a process (forked from a fork server that has imported
rdflib and pyoxigraph, or spawned where there is none) that opens the store read-only and
answers one job at a time over a pipe. A job that runs past its time limit gets
its worker killed (SIGKILL) and replaced in the background; the other workers keep serving.

A worker checks before each job whether the store's files changed (a ``rolegraph build`` while
the server runs) and opens the store again if so, so answers follow the store.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Reply", "WorkerPool", "Busy", "TimeLimit", "WorkerDied"]


@dataclass
class Reply:
    """A worker's answer: an HTTP status, a media type and a body (or an error message)."""

    status: int
    media_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


class Busy(Exception):
    """Every worker stayed busy for the whole time limit."""


class TimeLimit(Exception):
    """The job ran past its time limit; its worker was stopped."""


class WorkerDied(Exception):
    """The worker ended without answering; ``memory`` when it went over its memory cap."""

    def __init__(self, message: str, *, memory: bool = False):
        super().__init__(message)
        self.memory = memory


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, context, store_path: str, settings: dict[str, Any]):
        parent, child = context.Pipe(duplex=True)
        self.process = context.Process(
            target=_worker_main, args=(child, store_path, settings), name="rolegraph-query-worker", daemon=True
        )
        self.process.start()
        child.close()  # the parent keeps one end only, so a dead worker reads as EOF
        self.conn = parent

    def wait_ready(self) -> "_Worker":
        """Block until the worker has opened the store (or raise why it could not)."""
        try:
            ready = self.conn.recv()
        except EOFError:
            ready = f"the worker ended at start (exit code {self.process.exitcode})"
        if ready != "ready":
            self.stop()
            raise RuntimeError(ready)
        return self

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class WorkerPool:
    """``size`` worker processes over the store in ``store_path``.

    ``await pool.run(job, timeout=s)`` hands a job to an idle worker and waits at most ``s``
    seconds for the answer, first for a free worker (else :class:`Busy`), then for the job
    (else the worker is killed and :class:`TimeLimit` raised).
    """

    def __init__(self, store_path: str | os.PathLike, *, size: int = 2, settings: dict[str, Any] | None = None):
        self.store_path = str(store_path)
        self.size = size
        self.settings = dict(settings or {}, server_pid=os.getpid())
        self._context = _context()
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()
        self._replacing: set[asyncio.Task] = set()
        self._closed = False

    async def start(self) -> None:
        """Start the workers (in parallel); returns when all of them are ready."""
        self._idle = asyncio.Queue()
        # processes start in this (the event loop's) thread, so that they outlive no thread of ours
        starting = [self._new_worker() for _ in range(self.size)]
        workers = await asyncio.gather(*(asyncio.to_thread(w.wait_ready) for w in starting))
        for worker in workers:
            self._idle.put_nowait(worker)

    async def stop(self) -> None:
        """Stop every worker."""
        self._closed = True
        for task in list(self._replacing):
            task.cancel()
        for worker in list(self._all):
            worker.stop()
        self._all.clear()

    def _new_worker(self) -> _Worker:
        worker = _Worker(self._context, self.store_path, self.settings)
        self._all.add(worker)
        return worker

    def _forget(self, worker: _Worker) -> None:
        worker.stop()
        self._all.discard(worker)

    async def run(self, job: tuple, *, timeout: float) -> Reply:
        """Run ``job`` on a worker; see the class docstring for the limits."""
        assert self._idle is not None, "start() the pool first"
        started = time.monotonic()
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout)
        except asyncio.TimeoutError:
            raise Busy(f"all {self.size} query workers stayed busy for {timeout:g} s") from None
        left = max(timeout - (time.monotonic() - started), 0.05)
        try:
            worker.conn.send(job)
            answer = await asyncio.to_thread(_receive, worker.conn, left)
        except (EOFError, OSError):
            self._replace(worker)
            limit = self.settings.get("max_memory_mb")
            code = worker.process.exitcode
            if limit and code == -signal.SIGABRT:  # pyoxigraph aborts when an allocation fails
                raise WorkerDied(f"the query needed more than the {limit} MiB of memory a query may use", memory=True) from None
            raise WorkerDied(f"the query worker ended without answering (exit code {code})") from None
        except asyncio.CancelledError:  # the client went away: its worker may be mid-query
            self._replace(worker)
            raise
        if answer is None:
            self._replace(worker)
            raise TimeLimit(f"query stopped after {time.monotonic() - started:.1f} s: the time limit is {timeout:g} s")
        self._idle.put_nowait(worker)
        return answer

    def _replace(self, worker: _Worker) -> None:
        self._forget(worker)
        if self._closed:
            return

        async def replace() -> None:
            while not self._closed:
                starting = None
                try:
                    starting = self._new_worker()
                    fresh = await asyncio.to_thread(starting.wait_ready)
                except Exception:  # e.g. the store went away: try again, keep answering the rest
                    if starting is not None:
                        self._forget(starting)
                    await asyncio.sleep(1.0)
                    continue
                if self._closed:
                    fresh.stop()
                else:
                    self._idle.put_nowait(fresh)
                return

        task = asyncio.get_running_loop().create_task(replace())
        self._replacing.add(task)
        task.add_done_callback(self._replacing.discard)


# what a worker imports: loaded once in the fork server, so a new worker starts in ~0.2 s, not ~1 s
_PRELOAD = ["rolegraph.queries._jobs", "rolegraph.queries", "rolegraph.graph.store", "rdflib.plugins.sparql.parser"]


def _context():
    """Workers fork from a clean fork server (POSIX) that has imported what they need; else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


def _receive(conn, timeout: float) -> Reply | None:
    if not conn.poll(timeout):
        return None
    return conn.recv()


# --------------------------------------------------------------------------- the worker side


def _store_stamp(path: Path) -> tuple:
    """Names, sizes and times of the store's files: changes whenever a writer writes."""
    try:
        entries = [e for e in os.scandir(path) if not e.name.startswith("LOG")]  # LOG: RocksDB's own diary
        return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in entries))
    except OSError:
        return ()


def _die_with_server(server_pid: int | None) -> None:
    """End this worker when the server dies, even in the middle of a query (no orphan queries).

    An idle worker ends by itself (its pipe closes); a busy one is in pyoxigraph, which releases
    the GIL while it evaluates, so a watching thread can end the process.
    """
    if not server_pid:
        return

    def watch() -> None:
        while True:
            time.sleep(0.5)
            try:
                os.kill(server_pid, 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:  # the pid went to another user's process: ours is gone
                os._exit(0)

    threading.Thread(target=watch, name="watch-server", daemon=True).start()


def _limit_memory(megabytes: int | None) -> None:
    """Cap the worker's address space, so a query that piles up rows ends its worker, not the machine."""
    if not megabytes:
        return
    try:
        import resource

        cap = int(megabytes) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ImportError, ValueError, OSError):  # not POSIX, or a lower hard limit: leave it
        pass


def _worker_main(conn, store_path: str, settings: dict[str, Any]) -> None:
    """A worker process: open the store read-only, then answer jobs until the pipe closes."""
    _die_with_server(settings.get("server_pid"))
    _limit_memory(settings.get("max_memory_mb"))
    try:
        from rolegraph.queries import _jobs

        runner = _jobs.Runner(store_path, settings)
    except BaseException as exc:  # tell the parent why, instead of dying silently
        conn.send(f"{type(exc).__name__}: {exc}")
        conn.close()
        return
    conn.send("ready")
    path = Path(store_path)
    stamp = _store_stamp(path)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        now = _store_stamp(path)
        if now != stamp:
            runner.reopen()
            stamp = now
        conn.send(runner.answer(job))
