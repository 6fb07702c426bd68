"""Generate labelled logs from known format strings: validation data nobody tuned on.

Each system is a list of events; an event is a format string (its label) and a function
that fills it from a seeded random generator. A line's ground truth is its event's
format string, so two lines are one event exactly when the same format string printed
them, which is how Loghub's templates are defined too. The formats are those of the
real programs (PostgreSQL's server messages, Alertmanager's go-kit logfmt, Kubernetes'
klog, Spring Boot's default pattern, uvicorn and warroom's own `logging` calls); the
values are drawn at random, with the skew real logs have (a few users, many ports).

These sets were written before the miner was changed for issue 14 and are scored only
as validation.

    .venv/bin/python bench/genlogs.py OUT_DIR     # writes <System>/<System>_2k.log + .csv
"""

from __future__ import annotations

import csv
import random
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

Fill = Callable[[random.Random], str]
Event = tuple[str, str, float, Fill]  # (format string = label, level, weight, fill)
LINES = 2000

USERS = ("postgres", "app", "api", "reporting", "alice", "bob", "etl", "grafana", "backup")
DATABASES = ("orders", "users", "billing", "warroom", "metrics", "postgres")
TABLES = ("orders", "order_items", "users", "sessions", "payments", "audit_log", "events")
SERVICES = ("api", "checkout", "search", "auth", "payments", "gateway")
ALERTS = ("HighErrorRate", "InstanceDown", "DiskFull", "HighLatency", "TargetMissing")
RECEIVERS = ("warroom", "slack-ops", "pagerduty", "email-team")
NAMESPACES = ("default", "kube-system", "monitoring", "payments", "web")
CONTAINERS = ("app", "sidecar", "init-db", "nginx", "worker")
VOLUMES = ("kube-api-access", "config", "data", "tls-certs", "tmp")
JOB_KINDS = ("notify.slack", "oncall.page", "postmortem.draft", "email.send", "jira.sync")
PATHS = ("/api/v1/incidents", "/api/v1/alerts", "/healthz", "/api/v1/timeline", "/login")


def ip(r: random.Random) -> str:
    return f"10.{r.randrange(256)}.{r.randrange(256)}.{r.randrange(1, 255)}"


def port(r: random.Random) -> int:
    return r.randrange(1024, 65536)


def secs(r: random.Random) -> str:
    return f"{r.expovariate(2):.3f}"


def word(r: random.Random, choices: Sequence[str]) -> str:
    # Skewed like real logs: the first values turn up far more often than the last.
    weights = [1 / (rank + 1) for rank in range(len(choices))]
    return r.choices(list(choices), weights)[0]


def hexid(r: random.Random, width: int) -> str:
    return "".join(r.choice("0123456789abcdef") for _ in range(width))


def pod(r: random.Random) -> str:
    return f"{word(r, SERVICES)}-{hexid(r, 9)}-{hexid(r, 5)}"


def postgres() -> tuple[list[Event], Callable[[datetime, str, random.Random], str]]:
    events: list[Event] = [
        (
            "connection received: host=%s port=%d",
            "LOG",
            12,
            lambda r: f"connection received: host={ip(r)} port={port(r)}",
        ),
        (
            "connection authorized: user=%s database=%s application_name=%s",
            "LOG",
            10,
            lambda r: (
                f"connection authorized: user={word(r, USERS)} database="
                f"{word(r, DATABASES)} application_name={r.choice(('psql', 'pgbouncer', 'api'))}"
            ),
        ),
        (
            "disconnection: session time: %d:%02d:%06.3f user=%s database=%s host=%s port=%d",
            "LOG",
            10,
            lambda r: (
                f"disconnection: session time: 0:{r.randrange(60):02d}:"
                f"{r.uniform(0, 60):06.3f} user={word(r, USERS)} database={word(r, DATABASES)}"
                f" host={ip(r)} port={port(r)}"
            ),
        ),
        (
            "checkpoint starting: %s",
            "LOG",
            3,
            lambda r: "checkpoint starting: " + r.choice(("time", "time", "wal")),
        ),
        (
            "checkpoint complete: wrote %d buffers ...",
            "LOG",
            3,
            lambda r: (
                f"checkpoint complete: wrote {r.randrange(5000)} buffers "
                f"({r.uniform(0, 30):.1f}%); 0 WAL file(s) added, {r.randrange(3)} removed, "
                f"{r.randrange(5)} recycled; write={secs(r)} "
                f"s, sync={secs(r)} s, total={secs(r)} s;"
                f" sync files={r.randrange(60)}, longest={secs(r)} s, average={secs(r)} s;"
                f" distance={r.randrange(99999)} kB, estimate={r.randrange(99999)} kB"
            ),
        ),
        (
            'duplicate key value violates unique constraint "%s"',
            "ERROR",
            4,
            lambda r: f'duplicate key value violates unique constraint "{word(r, TABLES)}_pkey"',
        ),
        (
            "Key (%s)=(%s) already exists.",
            "DETAIL",
            4,
            lambda r: f"Key (id)=({r.randrange(10**6)}) already exists.",
        ),
        (
            'relation "%s" does not exist at character %d',
            "ERROR",
            3,
            lambda r: (
                f'relation "{word(r, TABLES)}_v2" does not exist at character {r.randrange(10, 90)}'
            ),
        ),
        (
            'password authentication failed for user "%s"',
            "FATAL",
            3,
            lambda r: f'password authentication failed for user "{word(r, USERS)}"',
        ),
        (
            'database "%s" does not exist',
            "FATAL",
            2,
            lambda r: f'database "{word(r, DATABASES)}_test" does not exist',
        ),
        (
            "canceling statement due to statement timeout",
            "ERROR",
            3,
            lambda r: "canceling statement due to statement timeout",
        ),
        ("canceling autovacuum task", "ERROR", 1, lambda r: "canceling autovacuum task"),
        (
            'automatic vacuum of table "%s.%s.%s": index scans: %d',
            "LOG",
            4,
            lambda r: (
                f'automatic vacuum of table "{word(r, DATABASES)}.public.'
                f'{word(r, TABLES)}": index scans: {r.randrange(3)}'
            ),
        ),
        (
            'automatic analyze of table "%s.%s.%s"',
            "LOG",
            4,
            lambda r: f'automatic analyze of table "{word(r, DATABASES)}.public.{word(r, TABLES)}"',
        ),
        ("duration: %.3f ms", "LOG", 8, lambda r: f"duration: {r.expovariate(0.01):.3f} ms"),
        (
            "process %d still waiting for %s on transaction %u after %ld.%03d ms",
            "LOG",
            2,
            lambda r: (
                f"process {r.randrange(100, 40000)} still waiting for "
                f"{r.choice(('ShareLock', 'ExclusiveLock', 'AccessExclusiveLock'))} on transaction "
                f"{r.randrange(10**6, 10**7)} after {r.uniform(1000, 2000):.3f} ms"
            ),
        ),
        ("deadlock detected", "ERROR", 1, lambda r: "deadlock detected"),
        (
            'temporary file: path "%s", size %lu',
            "LOG",
            2,
            lambda r: (
                f'temporary file: path "base/pgsql_tmp/pgsql_tmp{r.randrange(40000)}.'
                f'{r.randrange(20)}", size {r.randrange(10**8)}'
            ),
        ),
        (
            "terminating connection due to administrator command",
            "FATAL",
            1,
            lambda r: "terminating connection due to administrator command",
        ),
        (
            "there is no transaction in progress",
            "WARNING",
            2,
            lambda r: "there is no transaction in progress",
        ),
        (
            "database system is ready to accept connections",
            "LOG",
            1,
            lambda r: "database system is ready to accept connections",
        ),
        ("database system is shut down", "LOG", 1, lambda r: "database system is shut down"),
        ("received fast shutdown request", "LOG", 1, lambda r: "received fast shutdown request"),
        (
            "could not receive data from client: %m",
            "LOG",
            2,
            lambda r: "could not receive data from client: Connection reset by peer",
        ),
    ]

    def line(at: datetime, message: str, r: random.Random) -> str:
        level, text = message.split("\t", 1)
        stamp = at.strftime("%Y-%m-%d %H:%M:%S.") + f"{at.microsecond // 1000:03d} UTC"
        return f"{stamp} [{r.randrange(100, 40000)}] {level}:  {text}"

    return events, line


def alertmanager() -> tuple[list[Event], Callable[[datetime, str, random.Random], str]]:
    def notify_failed(r: random.Random) -> str:
        return (
            f'caller=dispatch.go:353 level=error component=dispatcher msg="Notify for alerts '
            f'failed" num_alerts={r.randrange(1, 9)} err="{word(r, RECEIVERS)}/webhook[0]: '
            f"notify retry canceled after {r.randrange(2, 17)} attempts: Post "
            f'\\"http://{ip(r)}:8080/hook\\": dial tcp {ip(r)}:8080: connect: connection refused"'
        )

    events: list[Event] = [
        (
            'msg="Received alert" alert=%s',
            "debug",
            20,
            lambda r: (
                f'caller=dispatch.go:516 level=debug component=dispatcher msg="Received alert"'
                f" alert={word(r, ALERTS)}[{hexid(r, 7)}][{r.choice(('active', 'resolved'))}]"
            ),
        ),
        (
            "msg=flushing alerts=%s",
            "debug",
            12,
            lambda r: (
                f"caller=dispatch.go:532 level=debug component=dispatcher aggrGroup="
                f'"{{}}:{{alertname=\\"{word(r, ALERTS)}\\"}}" msg=flushing '
                f"alerts=[{word(r, ALERTS)}[{hexid(r, 7)}][active]]"
            ),
        ),
        ('msg="Notify for alerts failed"', "error", 5, notify_failed),
        (
            'msg="Notify attempt failed, will retry later"',
            "warn",
            6,
            lambda r: (
                f"caller=notify.go:732 level=warn component=dispatcher receiver="
                f"{word(r, RECEIVERS)} integration=webhook[0] "
                f'msg="Notify attempt failed, will retry '
                f'later" attempts={r.randrange(1, 9)} err="unexpected status code '
                f'{r.choice((500, 502, 503))}"'
            ),
        ),
        (
            'msg="Notify success"',
            "debug",
            10,
            lambda r: (
                f"caller=notify.go:743 level=debug component=dispatcher receiver="
                f'{word(r, RECEIVERS)} integration=webhook[0] msg="Notify success" '
                f"attempts={r.randrange(1, 4)}"
            ),
        ),
        (
            'msg="Loading configuration file"',
            "info",
            2,
            lambda r: (
                'caller=coordinator.go:113 level=info component=configuration msg="Loading '
                'configuration file" file=/etc/alertmanager/alertmanager.yml'
            ),
        ),
        (
            'msg="Completed loading of configuration file"',
            "info",
            2,
            lambda r: (
                "caller=coordinator.go:126 level=info component=configuration "
                'msg="Completed loading of configuration file" '
                "file=/etc/alertmanager/alertmanager.yml"
            ),
        ),
        (
            'msg="gossip not settled"',
            "info",
            3,
            lambda r: (
                f'caller=cluster.go:708 level=info component=cluster msg="gossip not '
                f'settled" polls={r.randrange(5)} before={r.randrange(20)} now={r.randrange(20)} '
                f"elapsed={r.uniform(0, 9):.9f}s"
            ),
        ),
        (
            'msg="gossip settled; proceeding"',
            "info",
            2,
            lambda r: (
                'caller=cluster.go:700 level=info component=cluster msg="gossip settled; '
                f'proceeding" elapsed={r.uniform(0, 9):.9f}s'
            ),
        ),
        (
            'msg="Maintenance done"',
            "debug",
            5,
            lambda r: (
                f"caller=nflog.go:{r.choice((336, 342))} level=debug component=nflog "
                f'msg="Maintenance done" duration={r.randrange(90, 900)}.{r.randrange(1000)}µs '
                f"size={r.randrange(9000)}"
            ),
        ),
        (
            'msg="Running maintenance"',
            "debug",
            5,
            lambda r: (
                'caller=silence.go:375 level=debug component=silences msg="Running maintenance"'
            ),
        ),
        (
            'msg="Listening on"',
            "info",
            1,
            lambda r: 'caller=tls_config.go:313 level=info msg="Listening on" address=[::]:9093',
        ),
        (
            'msg="Starting Alertmanager"',
            "info",
            1,
            lambda r: (
                'caller=main.go:181 level=info msg="Starting Alertmanager" '
                f'version="(version=0.27.0, branch=HEAD, revision={hexid(r, 40)})"'
            ),
        ),
        (
            'msg="Received SIGHUP, reloading"',
            "info",
            1,
            lambda r: 'caller=main.go:520 level=info msg="Received SIGHUP, reloading"',
        ),
        (
            'msg="failed to join cluster"',
            "warn",
            2,
            lambda r: (
                f'caller=main.go:253 level=warn msg="failed to join cluster" err="1 error '
                f"occurred:\\n\\t* Failed to resolve alertmanager-{r.randrange(3)}:9094: lookup "
                f'alertmanager-{r.randrange(3)} on {ip(r)}:53: no such host\\n\\n"'
            ),
        ),
    ]

    def line(at: datetime, message: str, r: random.Random) -> str:
        return (
            f"ts={at:%Y-%m-%dT%H:%M:%S}.{at.microsecond // 1000:03d}Z {message.split(chr(9), 1)[1]}"
        )

    return events, line


def klog() -> tuple[list[Event], Callable[[datetime, str, random.Random], str]]:
    def ref(r: random.Random) -> str:
        return f'pod="{word(r, NAMESPACES)}/{pod(r)}"'

    events: list[Event] = [
        (
            '"SyncLoop (PLEG): event for pod" pod=%s event=%s',
            "I",
            14,
            lambda r: (
                f'kubelet.go:2456] "SyncLoop (PLEG): event for pod" {ref(r)} event='
                f'{{"ID":"{hexid(r, 8)}","Type":"{r.choice(("ContainerStarted", "ContainerDied"))}"'
                f',"Data":"{hexid(r, 64)}"}}'
            ),
        ),
        (
            '"SyncLoop UPDATE" source="api" pods=%s',
            "I",
            8,
            lambda r: (
                f'kubelet.go:2414] "SyncLoop UPDATE" source="api" pods=["{word(r, NAMESPACES)}'
                f'/{pod(r)}"]'
            ),
        ),
        (
            '"SyncLoop ADD" source="api" pods=%s',
            "I",
            5,
            lambda r: (
                f'kubelet.go:2408] "SyncLoop ADD" source="api" pods=["{word(r, NAMESPACES)}'
                f'/{pod(r)}"]'
            ),
        ),
        (
            '"SyncLoop DELETE" source="api" pods=%s',
            "I",
            4,
            lambda r: (
                f'kubelet.go:2420] "SyncLoop DELETE" source="api" pods=['
                f'"{word(r, NAMESPACES)}/{pod(r)}"]'
            ),
        ),
        (
            '"Error syncing pod, skipping" err=%s pod=%s',
            "E",
            6,
            lambda r: (
                f'pod_workers.go:1298] "Error syncing pod, skipping" err="failed to '
                f'\\"StartContainer\\" for \\"{word(r, CONTAINERS)}\\" with CrashLoopBackOff: '
                f'\\"back-off {r.choice((10, 20, 40, 80, 160))}s restarting failed container\\"" '
                f"{ref(r)} podUID={hexid(r, 8)}"
            ),
        ),
        (
            '"Probe failed" probeType=%s pod=%s',
            "I",
            8,
            lambda r: (
                f'prober.go:107] "Probe failed" probeType="'
                f'{r.choice(("Readiness", "Liveness"))}" {ref(r)} containerName="'
                f'{word(r, CONTAINERS)}" probeResult="failure" output="Get \\"http://{ip(r)}:8080/'
                f'healthz\\": context deadline exceeded"'
            ),
        ),
        (
            '"MountVolume.SetUp succeeded for volume" volume=%s pod=%s',
            "I",
            10,
            lambda r: (
                f'operation_generator.go:721] "MountVolume.SetUp succeeded for volume '
                f'\\"{word(r, VOLUMES)}-{hexid(r, 5)}\\"" {ref(r)}'
            ),
        ),
        (
            '"operationExecutor.UnmountVolume started for volume" volume=%s',
            "I",
            6,
            lambda r: (
                f'reconciler_common.go:159] "operationExecutor.UnmountVolume started for '
                f'volume \\"{word(r, VOLUMES)}\\" (UniqueName: '
                f'\\"kubernetes.io/projected/{hexid(r, 8)}'
                f'-{word(r, VOLUMES)}\\") pod \\"{hexid(r, 8)}\\""'
            ),
        ),
        (
            '"Killing container with a grace period" pod=%s containerName=%s',
            "I",
            5,
            lambda r: (
                f'kuberuntime_container.go:779] "Killing container with a grace period" '
                f'{ref(r)} podUID="{hexid(r, 8)}" containerName="{word(r, CONTAINERS)}" '
                f'containerID="containerd://{hexid(r, 64)}" gracePeriod={r.choice((30, 30, 60))}'
            ),
        ),
        (
            '"RemoveContainer" containerID=%s',
            "I",
            6,
            lambda r: f'scope.go:117] "RemoveContainer" containerID="{hexid(r, 64)}"',
        ),
        (
            '"Failed to get status for pod" podUID=%s pod=%s err=%s',
            "W",
            3,
            lambda r: (
                f'status_manager.go:853] "Failed to get status for pod" podUID="'
                f'{hexid(r, 8)}" {ref(r)} err="pods \\"{pod(r)}\\" not found"'
            ),
        ),
        (
            '"Eviction manager: attempting to reclaim" resourceName=%s',
            "W",
            2,
            lambda r: (
                'eviction_manager.go:366] "Eviction manager: attempting to reclaim" '
                f'resourceName="{r.choice(("ephemeral-storage", "memory"))}"'
            ),
        ),
        (
            '"Image garbage collection succeeded"',
            "I",
            2,
            lambda r: 'image_gc_manager.go:402] "Image garbage collection succeeded"',
        ),
        (
            '"Nameserver limits exceeded" err=%s',
            "E",
            2,
            lambda r: (
                'dns.go:153] "Nameserver limits exceeded" err="Nameserver limits were '
                f"exceeded, some nameservers have been omitted, "
                f"the applied nameserver line is: {ip(r)}"
                f' {ip(r)} {ip(r)}"'
            ),
        ),
    ]

    def line(at: datetime, message: str, r: random.Random) -> str:
        level, text = message.split("\t", 1)
        pid = 1234 + r.randrange(3)
        return f"{level}{at:%m%d %H:%M:%S}.{at.microsecond:06d}    {pid} {text}"

    return events, line


def spring() -> tuple[list[Event], Callable[[datetime, str, random.Random], str]]:
    loggers = {
        "OrderController": "c.e.shop.web.OrderController",
        "PaymentService": "c.e.shop.payment.PaymentService",
        "Hikari": "com.zaxxer.hikari.pool.HikariPool",
        "Tomcat": "o.s.b.w.embedded.tomcat.TomcatWebServer",
        "Dispatcher": "o.s.web.servlet.DispatcherServlet",
        "Retry": "c.e.shop.client.RetryingClient",
    }
    events: list[Event] = [
        (
            "Order %d created for customer %d (%d items, total %s EUR)",
            "INFO",
            14,
            lambda r: (
                f"{loggers['OrderController']} : Order {r.randrange(10**5, 10**6)} created for"
                f" customer {r.randrange(10**4)} ({r.randrange(1, 9)} items, total "
                f"{r.uniform(5, 900):.2f} EUR)"
            ),
        ),
        (
            "Order %d cancelled by customer %d",
            "INFO",
            4,
            lambda r: (
                f"{loggers['OrderController']} : Order {r.randrange(10**5, 10**6)} "
                f"cancelled by customer {r.randrange(10**4)}"
            ),
        ),
        (
            "Payment %s authorised in %d ms",
            "INFO",
            12,
            lambda r: (
                f"{loggers['PaymentService']} : Payment {hexid(r, 12)} authorised in "
                f"{r.randrange(20, 900)} ms"
            ),
        ),
        (
            "Payment %s declined: %s",
            "WARN",
            4,
            lambda r: (
                f"{loggers['PaymentService']} : Payment {hexid(r, 12)} declined: "
                + r.choice(("insufficient funds", "card expired", "suspected fraud"))
            ),
        ),
        (
            "HikariPool-1 - Connection is not available, request timed out after %dms.",
            "ERROR",
            3,
            lambda r: (
                f"{loggers['Hikari']} : HikariPool-1 - Connection is not available, "
                f"request timed out after {r.randrange(30000, 30100)}ms."
            ),
        ),
        (
            "HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=%s).",
            "WARN",
            1,
            lambda r: (
                f"{loggers['Hikari']} : HikariPool-1 - Thread starvation or clock"
                f" leap detected (housekeeper delta={r.randrange(1, 59)}s{r.randrange(999)}ms)."
            ),
        ),
        (
            "Tomcat started on port(s): %d (http) with context path '%s'",
            "INFO",
            1,
            lambda r: (
                f"{loggers['Tomcat']} : Tomcat started on port(s): 8080 (http) with context path ''"
            ),
        ),
        (
            "Completed initialization in %d ms",
            "INFO",
            1,
            lambda r: (
                f"{loggers['Dispatcher']} : Completed initialization in {r.randrange(1, 9)} ms"
            ),
        ),
        (
            "Call to %s failed (attempt %d of %d), retrying in %d ms",
            "WARN",
            6,
            lambda r: (
                f"{loggers['Retry']} : Call to http://{word(r, SERVICES)}:8080/v1/"
                f"{word(r, ('stock', 'price', 'user'))} failed (attempt {r.randrange(1, 4)} of 3), "
                f"retrying in {r.choice((100, 200, 400))} ms"
            ),
        ),
        (
            "Giving up on %s after %d attempts",
            "ERROR",
            2,
            lambda r: (
                f"{loggers['Retry']} : Giving up on http://{word(r, SERVICES)}:8080/v1/"
                f"{word(r, ('stock', 'price', 'user'))} after 3 attempts"
            ),
        ),
        (
            "Stock reserved for order %d: %d of %d units of %s",
            "INFO",
            8,
            lambda r: (
                f"{loggers['OrderController']} : Stock reserved for order "
                f"{r.randrange(10**5, 10**6)}: {r.randrange(1, 9)} "
                f"of {r.randrange(9, 99)} units of "
                f"SKU-{r.randrange(10**4)}"
            ),
        ),
    ]

    def line(at: datetime, message: str, r: random.Random) -> str:
        level, text = message.split("\t", 1)
        thread = r.choice(("nio-8080-exec-", "task-", "scheduling-")) + str(r.randrange(1, 11))
        logger, body = text.split(" : ", 1)
        return (
            f"{at:%Y-%m-%d %H:%M:%S}.{at.microsecond // 1000:03d} {level:>5} 4711 --- "
            f"[{thread:>15}] {logger:<40} : {body}"
        )

    return events, line


def warroom_self() -> tuple[list[Event], Callable[[datetime, str, random.Random], str]]:
    """warroom's own `logging` calls (src/warroom) and the uvicorn lines around them."""
    events: list[Event] = [
        (
            '%s - "%s %s HTTP/%s" %d',
            "INFO",
            30,
            lambda r: (
                f'uvicorn.access: {ip(r)}:{port(r)} - "{r.choice(("GET", "GET", "POST"))} '
                f'{word(r, PATHS)} HTTP/1.1" {r.choice((200, 200, 201, 404, 500))}'
            ),
        ),
        (
            "job %s (%s) failed: %s",
            "WARNING",
            6,
            lambda r: (
                f"warroom.jobs.worker: job {r.randrange(1, 9999)} ({word(r, JOB_KINDS)}) "
                f"failed: {r.choice(('timed out', 'connection refused', 'HTTP 502 from peer'))}"
            ),
        ),
        (
            "job %s: lease lost to another worker; its result was discarded",
            "WARNING",
            2,
            lambda r: (
                f"warroom.jobs.worker: job {r.randrange(1, 9999)}: lease lost to another "
                "worker; its result was discarded"
            ),
        ),
        (
            "job %s: lease renewal failed",
            "ERROR",
            1,
            lambda r: f"warroom.jobs.worker: job {r.randrange(1, 9999)}: lease renewal failed",
        ),
        (
            "worker %s could not claim jobs; retrying",
            "ERROR",
            1,
            lambda r: f"warroom.jobs.worker: worker {hexid(r, 8)} could not claim jobs; retrying",
        ),
        (
            "delivery %s could not be applied; marked failed",
            "ERROR",
            2,
            lambda r: (
                f"warroom.alerts.applier: delivery {r.randrange(1, 99999)} could not be "
                "applied; marked failed"
            ),
        ),
        (
            "%s: %s, retrying in %.1f s",
            "INFO",
            4,
            lambda r: (
                f"warroom.integrations.trackers.retry: {r.choice(('jira', 'github'))}: "
                f"{r.choice(('HTTP 429', 'HTTP 503', 'connection reset'))}, retrying in "
                f"{r.uniform(0.5, 30):.1f} s"
            ),
        ),
        (
            "%s %s -> %s",
            "DEBUG",
            8,
            lambda r: (
                f"warroom.integrations.trackers.retry: {r.choice(('GET', 'POST', 'PUT'))} "
                f"/rest/api/2/issue/OPS-{r.randrange(1, 999)} -> {r.choice((200, 201, 429))}"
            ),
        ),
        (
            "%s created but not moved to %s: %s",
            "WARNING",
            1,
            lambda r: (
                f"warroom.integrations.trackers.sync: OPS-{r.randrange(1, 999)} created but "
                f"not moved to {r.choice(('Done', 'In Progress'))}: transition not allowed"
            ),
        ),
        (
            "Started server process [%d]",
            "INFO",
            1,
            lambda r: f"uvicorn.error: Started server process [{r.randrange(100, 99999)}]",
        ),
        (
            "Waiting for application startup.",
            "INFO",
            1,
            lambda r: "uvicorn.error: Waiting for application startup.",
        ),
        (
            "Application startup complete.",
            "INFO",
            1,
            lambda r: "uvicorn.error: Application startup complete.",
        ),
        (
            "Uvicorn running on %s://%s:%d (Press CTRL+C to quit)",
            "INFO",
            1,
            lambda r: (
                "uvicorn.error: Uvicorn running on http://127.0.0.1:8000 (Press CTRL+C to quit)"
            ),
        ),
    ]

    def line(at: datetime, message: str, r: random.Random) -> str:
        level, text = message.split("\t", 1)
        return f"{at:%Y-%m-%d %H:%M:%S},{at.microsecond // 1000:03d} {level} {text}"

    return events, line


SYSTEMS = {
    "PostgreSQL": postgres,
    "Alertmanager": alertmanager,
    "Kubelet": klog,
    "SpringBoot": spring,
    "Warroom": warroom_self,
}


def generate(name: str, lines: int = LINES, seed: int = 14) -> tuple[list[str], list[str]]:
    """Return `lines` log lines of system `name` and, per line, its format string."""
    events, render = SYSTEMS[name]()
    r = random.Random(f"{name}:{seed}")
    at = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    out: list[str] = []
    labels: list[str] = []
    weights = [event[2] for event in events]
    for _ in range(lines):
        label, level, _, fill = r.choices(events, weights)[0]
        at += timedelta(milliseconds=r.expovariate(1 / 800))
        out.append(render(at, f"{level}\t{fill(r)}", r))
        labels.append(label)
    return out, labels


def write(folder: Path) -> None:
    """Write each system as Loghub does: `<S>_2k.log` and `<S>_2k.log_structured.csv`."""
    for name in SYSTEMS:
        lines, labels = generate(name)
        target = folder / name
        target.mkdir(parents=True, exist_ok=True)
        (target / f"{name}_2k.log").write_text("\n".join(lines), encoding="utf-8")
        with (target / f"{name}_2k.log_structured.csv").open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["LineId", "EventTemplate"])
            writer.writerows(enumerate(labels, start=1))


if __name__ == "__main__":
    write(Path(sys.argv[1]))
