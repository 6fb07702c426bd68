"""Start and stop the processes e2e tests talk to: warroom's server, Alertmanager."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
READY_WAIT = 60.0  # a start-up bound, not an assertion about speed


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Process:
    """A child process with a readiness URL; stderr goes to a file for failure messages."""

    def __init__(
        self, args: list[str], ready_url: str, log: Path, env: dict[str, str] | None = None
    ) -> None:
        self.args = args
        self.ready_url = ready_url
        self.log = log
        self.env = env or {}
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Process:
        handle = self.log.open("ab")
        self.proc = subprocess.Popen(
            self.args,
            cwd=ROOT,
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=os.environ | {"PYTHONPATH": str(ROOT)} | self.env,
        )
        handle.close()
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + READY_WAIT
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.args[0]} exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(self.ready_url, timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"{self.args[0]} did not become ready: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        """SIGKILL: no clean-up, no flush, like a crash."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def warroom_server(
    db_url: str, port: int, log: Path, *, bare: bool = False, applier: str = "thread"
) -> Process:
    """Run the app; `applier` "thread" applies deliveries in it, "process" leaves that out."""
    args = [sys.executable, "-m", "tests.support.alert_server", "--port", str(port)]
    args += ["--bare"] if bare else ["--db", db_url]
    args += ["--applier", "thread" if applier == "thread" else "none"]
    return Process(args, f"http://127.0.0.1:{port}/api/v1/health", log)
