"""Extraction in child processes, so a hostile file can crash, hang or eat memory only in its own worker.

Every file is read by a worker process, at every `--jobs` including 1. A worker dies with its parent
(PR_SET_PDEATHSIG), caps its own data segment (RLIMIT_DATA) and is watched from outside: the supervisor kills
it when its resident memory passes the budget or the file takes longer than the time budget, records one line
for that file, and starts a fresh worker for the next. Pages stream back one at a time, so the caller can store
a long document as it goes and never holds more than a page.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import multiprocessing
import os
import resource
import signal
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Literal

from oversight.errors import IngestError
from oversight.ingest.base import Options

_PR_SET_PDEATHSIG = 1
_POLL_S = 0.05
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
DEFAULT_MEMORY_MB = 1536  # a real 76-page scanned tender peaks at 0.9-1.0 GB resident while OCR runs
DEFAULT_SECONDS = 900


@dataclass(frozen=True, slots=True)
class Budget:
    """What one file may cost a worker before it is stopped; each limit names the option that raises it."""

    max_memory_mb: int = DEFAULT_MEMORY_MB  # resident memory of the worker (--max-memory-mb)
    max_seconds: float = DEFAULT_SECONDS  # wall time for one file (--timeout-s)


@dataclass(frozen=True, slots=True)
class Task:
    """One file for a worker (`options.start_page` says where a resumed long document goes on)."""

    key: int
    path: str
    options: Options


Event = (
    tuple[Literal["page"], tuple[Any, ...]]
    | tuple[Literal["done"], str]
    | tuple[Literal["error"], str]
    | tuple[Literal["died"], str]  # the worker died (native crash, a kill from outside): worth one more try
)


@dataclass(slots=True)
class _Slot:
    process: BaseProcess
    conn: Connection
    log: Path
    task: Task | None = None
    started: float = 0.0


def worker_main(conn: Connection, budget: Budget, log: str) -> None:
    """A worker's loop: read tasks, send back pages, then `done` with the media type or `error` with a line.

    Native libraries' own output (Rust panics, OpenCV asserts) goes to `log`, not to the user's terminal; the
    supervisor quotes its last line when the worker dies. Python warnings are silenced: a library's complaint
    about a file becomes our error line or nothing.
    """
    _die_with_parent()
    _cap_data(budget.max_memory_mb)
    descriptor = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(descriptor, 1)
    os.dup2(descriptor, 2)
    os.close(descriptor)
    warnings.simplefilter("ignore")
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    from oversight.ingest.reader import extract_rows  # the readers load in the worker, not in the parent

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it then ends us
    while True:
        try:
            task: Task | None = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            media_type = _send_pages(conn, extract_rows(task.path, task.options))
            conn.send(("done", media_type))
        except IngestError as exc:
            conn.send(("error", str(exc)))
        except MemoryError:
            conn.send(("error", memory_message(budget)))


def _send_pages(conn: Connection, rows: Iterator[tuple[Any, ...] | str]) -> str:
    """Send each page row as it is read; the generator's last item is the media type."""
    for item in rows:
        if isinstance(item, str):
            return item
        conn.send(("page", item))
    raise IngestError("no pages could be extracted")


def memory_message(budget: Budget) -> str:
    return f"needs more than the memory limit of {budget.max_memory_mb} MB per file (raise it with --max-memory-mb)"


_RECYCLE_SHARE = 0.5  # a worker left above this share of the budget after a file is replaced
_DATA_HEADROOM = 2  # the data-segment cap as a multiple of the memory budget (see _cap_data)


def _die_with_parent() -> None:
    """Ask the kernel to kill this worker when the process that started it dies (even by SIGKILL)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def _cap_data(max_memory_mb: int) -> None:
    """Allocations past the budget fail inside the worker (MemoryError, or a native abort the parent reports).

    RLIMIT_DATA rather than RLIMIT_AS: the OCR runtime reserves far more address space than it ever touches.
    Even its data segment runs ahead of its resident pages (an ordinary 76-page tender with OCR reached 920 MB of
    data for 840 MB resident), so the hard cap sits at twice the budget: it stops a runaway allocation at once,
    and the supervisor's resident-size watch enforces the budget itself.
    """
    limit = _DATA_HEADROOM * max_memory_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


class Workers:
    """A fixed number of worker processes fed one task each; results stream back as events per task."""

    def __init__(self, jobs: int, budget: Budget, log_dir: Path) -> None:
        self.budget = budget
        self.log_dir = log_dir
        self.started = itertools.count()
        self.context = multiprocessing.get_context("spawn")
        self.jobs = max(1, jobs)
        self.slots: list[_Slot] = []  # started on demand: a run of one file starts one worker

    def start(self) -> None:
        """Start every reader process now rather than on the first file (a long-lived worker pays the start-up
        before its first job, not inside it)."""
        while len(self.slots) < self.jobs:
            self.slots.append(self._start())

    def idle(self) -> bool:
        return len(self.slots) < self.jobs or any(slot.task is None for slot in self.slots)

    def busy(self) -> bool:
        return any(slot.task is not None for slot in self.slots)

    def submit(self, task: Task) -> None:
        slot = next((s for s in self.slots if s.task is None), None)
        if slot is None:
            slot = self._start()
            self.slots.append(slot)
        if not slot.process.is_alive():
            self._replace(slot)
        try:
            slot.conn.send(task)
        except OSError:  # it died between the check and the send
            self._replace(slot)
            slot.conn.send(task)
        slot.task, slot.started = task, time.monotonic()

    def poll(self) -> Iterator[tuple[Task, Event]]:
        """Events of the running tasks, waiting briefly for one; a task ends with a `done` or `error` event."""
        busy = [s for s in self.slots if s.task is not None]
        ready = set(wait([s.conn for s in busy] + [s.process.sentinel for s in busy], timeout=_POLL_S))
        for slot in busy:
            task = slot.task
            assert task is not None
            yield from self._drain(slot, task)
            if slot.task is None:
                continue
            problem = self._problem(slot, slot.process.sentinel in ready)
            if problem:
                # over the memory budget counts as a death: the file gets one more try in a fresh worker, since
                # what a long-lived worker kept from earlier files may be what pushed it over
                died = not slot.process.is_alive() or problem == memory_message(self.budget)
                self._replace(slot)
                yield task, ("died", problem) if died else ("error", problem)

    def _drain(self, slot: _Slot, task: Task) -> Iterator[tuple[Task, Event]]:
        """The task's events so far. The slot is free again before its last event is handed out: a caller that
        stops at that event (`extract_in` returns on it) never resumes this generator, and a slot left marked busy
        made every later file start a reader process of its own and left the old one running."""
        try:
            while slot.conn.poll():
                event: Event = slot.conn.recv()
                if event[0] != "page":
                    slot.task = None
                    if _rss_mb(slot.process.pid or 0) > self.budget.max_memory_mb * _RECYCLE_SHARE:
                        self._replace(slot)  # OCR and large files leave a worker big: start the next file fresh
                    yield task, event
                    return
                yield task, event
        except (EOFError, OSError):
            return  # the worker died mid-message: `_problem` reports it

    def _problem(self, slot: _Slot, dead: bool) -> str | None:
        """Why the running task must be stopped now, if it must."""
        if dead or not slot.process.is_alive():
            slot.process.join(1)
            said = _last_line(slot.log)
            return _death(slot.process.exitcode, self.budget) + (f" [it said: {said}]" if said else "")
        if time.monotonic() - slot.started > self.budget.max_seconds:
            return (
                f"stopped after {self.budget.max_seconds:.0f} s, the time limit per file (raise it with --timeout-s);"
                " pages already read are kept and the next run continues after them"
            )
        if _rss_mb(slot.process.pid or 0) > self.budget.max_memory_mb:
            return memory_message(self.budget)
        return None

    def _start(self) -> _Slot:
        parent, child = self.context.Pipe()
        log = self.log_dir / f"worker-{next(self.started)}.log"
        process = self.context.Process(target=worker_main, args=(child, self.budget, str(log)), daemon=True)
        process.start()
        child.close()
        return _Slot(process, parent, log)

    def _replace(self, slot: _Slot) -> None:
        _kill(slot.process)
        slot.conn.close()
        fresh = self._start()
        slot.process, slot.conn, slot.log, slot.task = fresh.process, fresh.conn, fresh.log, None

    def close(self) -> None:
        """Stop every worker: idle ones are told to finish, busy ones are killed."""
        for slot in self.slots:
            if slot.task is None:
                with contextlib.suppress(OSError, ValueError):
                    slot.conn.send(None)
        deadline = time.monotonic() + 2
        for slot in self.slots:
            if slot.task is not None:
                _kill(slot.process)
            slot.process.join(max(0.0, deadline - time.monotonic()))
            _kill(slot.process)
            slot.conn.close()


def _kill(process: BaseProcess) -> None:
    if process.is_alive():
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        process.join(5)


def _death(exitcode: int | None, budget: Budget) -> str:
    """A line for a worker that died: killed by a signal (native crash, OOM killer) or exited."""
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name if -exitcode in signal.valid_signals() else str(-exitcode)
        if -exitcode == signal.SIGKILL:
            return f"the reader was killed (SIGKILL, likely out of memory: {memory_message(budget)})"
        if -exitcode == signal.SIGABRT:
            return (
                "the reader aborted (SIGABRT), usually an allocation refused by the memory limit of"
                f" {budget.max_memory_mb} MB (raise it with --max-memory-mb) or a native library's assertion"
            )
        return f"the reader crashed on this file ({name}); the file was skipped"
    return f"the reader exited unexpectedly (status {exitcode}); the file was skipped"


def _last_line(log: Path) -> str:
    """The last thing a dead worker wrote (a native library's panic or assertion), on one short line."""
    try:
        with open(log, "rb") as handle:
            handle.seek(max(0, handle.seek(0, os.SEEK_END) - 4096))
            lines = handle.read().decode("utf-8", "replace").splitlines()
    except OSError:
        return ""
    last = next((line.strip() for line in reversed(lines) if line.strip()), "")
    return " ".join(last.split())[:160]


def _rss_mb(pid: int) -> float:
    """Resident memory of a process in MB, from /proc (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * _PAGE_SIZE / (1024 * 1024)
    except (OSError, IndexError, ValueError):
        return 0.0
