"""Run warroom's job worker with the real channel adapters, for crash tests and benchmarks.

    python -m tests.support.notify_worker --db URL [--lease 3] [--record FILE]

`--record` wraps every transport so the moment a message is handed to its channel is
appended to FILE (key, due time, handed time), for the benchmark's latency figures.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any


class Recording:
    """Note the hand-over time, then pass the message on (or answer ok without a network)."""

    def __init__(self, inner: Any, out: Any, lock: threading.Lock) -> None:
        self.inner, self.out, self.lock = inner, out, lock

    def send(self, message: Any, destination: Any) -> Any:
        handed = time.time()
        with self.lock:
            self.out.write(f"{message.key}\t{handed:.6f}\n")
        if self.inner is None:
            from warroom.notifications.ports import SendResult

            return SendResult("ok", code=200)
        return self.inner.send(message, destination)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--lease", type=float, default=60.0)
    parser.add_argument("--record", default="")
    parser.add_argument("--offline", action="store_true", help="record only, send nothing")
    parser.add_argument("--poll", type=float, default=0.25)
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--in-flight", type=float, default=45.0)
    args = parser.parse_args(argv)

    from warroom.clock import SystemClock
    from warroom.config import NotifySettings
    from warroom.db.engine import make_engine
    from warroom.incidents.policy import IncidentPolicy
    from warroom.integrations.channels.registry import build_transports
    from warroom.notifications.context import Notifier
    from warroom.notifications.directory import StaticDirectory
    from warroom.worker import build_worker

    engine = (
        make_engine(args.db, pool_size=4)
        if args.db.startswith("postgres")
        else make_engine(args.db)
    )
    transports: dict[str, Any] = dict(build_transports(NotifySettings()))
    handle = None
    if args.record:
        handle = Path(args.record).open("a", buffering=1)  # noqa: SIM115 - closed at exit
        lock = threading.Lock()
        kinds = set(transports) | {"email", "sms", "voice", "slack"}
        transports = {
            k: Recording(None if args.offline else transports.get(k), handle, lock) for k in kinds
        }
    clock = SystemClock()
    notifier = Notifier(
        secret_key="crash-test",
        transports=transports,
        directory=StaticDirectory({}),
        clock=clock,
        public_url="http://w.test",
    )
    worker = build_worker(
        engine,
        clock=clock,
        policy=IncidentPolicy(),
        notifier=notifier,
        poll_interval=args.poll,
        batch=args.batch,
    )
    worker.lease = timedelta(seconds=args.lease)
    signal.signal(signal.SIGTERM, lambda *_: worker.stop(timeout=0))
    print("worker ready", flush=True)
    worker.run()
    if handle is not None:
        handle.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
