from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

from tests.cli.conftest import Run
from warroom.cli.runtime import Runtime

ID = "INC-20261122-001"


def _declare(run: Run) -> None:
    assert run("incident", "declare", "Checkout 5xx", "--severity", "P1").code == 0


def test_add_stores_the_file_with_its_hash_and_notes_it(
    run: Run, tmp_path: Path, cli_runtime: Runtime
) -> None:
    _declare(run)
    log = tmp_path / "app-errors.log.gz"
    log.write_bytes(gzip.compress(b"ERROR pool exhausted\n" * 100))
    digest = hashlib.sha256(log.read_bytes()).hexdigest()
    added = run("evidence", "add", ID, str(log), "--note", "from api-1")
    assert added.code == 0, added.err
    assert digest in added.out
    [row] = json.loads(run("evidence", "list", ID, "--json").out)
    assert (row["kind"], row["media_type"], row["sha256"]) == ("logs", "application/gzip", digest)
    stored = cli_runtime.settings.resolved_evidence_dir / digest[:2] / digest
    assert stored.read_bytes() == log.read_bytes()
    events = json.loads(run("timeline", "list", ID, "--json", "--kind", "evidence").out)
    assert events[0]["data"]["sha256"] == digest and events[0]["data"]["evidence_id"] == row["id"]


def test_export_and_verify_detect_tampering(run: Run, tmp_path: Path, cli_runtime: Runtime) -> None:
    _declare(run)
    config = tmp_path / "deploy-config.yaml"
    config.write_text("replicas: 3\n")
    run("evidence", "add", ID, str(config))
    assert run("evidence", "verify", ID).code == 0
    out = tmp_path / "out"
    out.mkdir()
    assert run("evidence", "export", "1", str(out)).code == 0
    assert (out / "deploy-config.yaml").read_text() == "replicas: 3\n"
    digest = hashlib.sha256(b"replicas: 3\n").hexdigest()
    stored = cli_runtime.settings.resolved_evidence_dir / digest[:2] / digest
    stored.chmod(0o644)
    stored.write_text("replicas: 1\n")
    assert run("evidence", "verify", ID).code == 1
    refused = run("evidence", "export", "1", str(out / "again.yaml"))
    assert refused.code == 2 and "SHA-256" in refused.err


def test_missing_file_or_incident_stores_nothing(run: Run, tmp_path: Path) -> None:
    _declare(run)
    assert run("evidence", "add", ID, str(tmp_path / "nope.log")).code == 2
    other = tmp_path / "metrics.csv"
    other.write_text("t,v\n")
    assert run("evidence", "add", "INC-20261122-009", str(other)).code == 3
    assert json.loads(run("evidence", "list", ID, "--json").out) == []
