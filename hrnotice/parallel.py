"""Work done in a forked copy of the process, on the other core, while this one goes on."""

from __future__ import annotations

import multiprocessing
import sys
from multiprocessing.connection import Connection
from typing import Callable, Generic, TypeVar

T = TypeVar("T")


class Forked(Generic[T]):
    """A job running in a forked copy of this process: `done` says whether its result is in, calling
    it waits for the result (its exception raised here)."""

    def __init__(self, process: multiprocessing.process.BaseProcess, receiving: Connection) -> None:
        self._process, self._receiving = process, receiving

    def done(self, timeout: float = 0) -> bool:
        """Whether the job has ended, waiting up to `timeout` seconds for it."""
        return self._receiving.poll(timeout)

    def __call__(self) -> T:
        try:
            outcome, value = self._receiving.recv()
        except EOFError:  # it died without a word: its exit code says how, once it is reaped
            self._process.join()
            outcome, value = "failed", RuntimeError(f"子进程意外退出（退出码 {self._process.exitcode}）")
        finally:
            self._process.join()
            self._receiving.close()
        if outcome == "failed":
            raise value
        return value


def forked(job: Callable[[], T], before: Callable[[], None] = lambda: None) -> Forked[T] | None:
    """`job` started in a forked copy of this process, which shares what is loaded (no pickling of
    its inputs).

    None where the system does not fork safely (Windows, macOS): the caller does the job itself.
    `before` runs first, here, to load once what both processes need.
    """
    if sys.platform != "linux":
        return None
    before()
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)

    def run() -> None:
        try:
            result = ("done", job())
        except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
            result = ("failed", error)
        try:
            sending.send(result)
        except Exception as error:  # noqa: BLE001 - a result or error that does not pickle
            sending.send(("failed", RuntimeError(f"{type(error).__name__}: {error}")))

    process = context.Process(target=run, daemon=True)
    process.start()
    sending.close()
    return Forked(process, receiving)
