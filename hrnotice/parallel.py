"""Work done in a forked copy of the process, on the other core, while this one goes on."""

from __future__ import annotations

import multiprocessing
import sys
from typing import Callable, TypeVar

T = TypeVar("T")


def forked(job: Callable[[], T], before: Callable[[], None] = lambda: None) -> Callable[[], T] | None:
    """`job` started in a forked copy of this process, which shares what is loaded (no pickling of
    its inputs); returns the function that waits for its result (its exception raised here).

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

    def result() -> T:
        try:
            outcome, value = receiving.recv()
        except EOFError:  # it died without a word: its exit code says how, once it is reaped
            process.join()
            outcome, value = "failed", RuntimeError(f"子进程意外退出（退出码 {process.exitcode}）")
        finally:
            process.join()
            receiving.close()
        if outcome == "failed":
            raise value
        return value

    return result
