"""finreview across hosts, proved on one machine with network namespaces (issue 19).

    sudo .venv/bin/python bench/cluster.py [--items 5000] [--flap-seconds 20]

Each "host" is a network namespace (`ip netns`) joined to the others by a veth pair on one bridge
(10.231.N.0/24, N random per run): PostgreSQL (pgserver's binaries) and Redis in one, the API in
another, and one or two workers in namespaces of their own. Every server binds its bridge address
only; nothing listens on a wildcard or public address, and the script checks it.

Each worker host is pinned to a core of its own (`taskset`), as separate machines would be; the
API, PostgreSQL and Redis share the machine. Three runs of the same copies, each on a fresh database: one worker namespace; two; and two again,
where one worker's link is taken down (`ip link set ... down`) a quarter of the way through and
brought back `--flap-seconds` later. Each run submits one batch and waits until every item is
routed, then proves:
- every item has exactly one report and one `checked` event: no job was reviewed twice for the
  same pipeline version (a job started twice, as when a link drops mid-review, is counted too);
- every item's audit events are submitted, queued, checked, routed, in order;
- `finreview audit verify` passes.
Prints the time from submit to all routed for each run. Exit 1 if a check fails, 2 if the machine
cannot run it (not root, no `ip`).
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))
from bench.load import is_ready  # noqa: E402

TEXTS = [  # written for the benchmark: ordinary card copy, and copy that breaks the rules
    "極光卡國內一般消費享1%現金回饋，每月回饋上限500元，活動至2027年3月31日止。循環信用利率年利率6.75%~15%。謹慎理財 信用至上",
    "【極光卡】保證獲利！刷卡分期零負擔，循環利息超低，立即申辦。",
    "Aurora Card: 1% cash back on everyday spending, capped at £20 a month. Representative 24.9% APR (variable).",
]
PIPELINE_EVENTS = ["submitted", "queued", "checked", "routed"]


def sh(*cmd: str) -> None:
    subprocess.run(cmd, check=True, capture_output=True, timeout=60)


class Network:
    """A bridge in this namespace and one namespace per host, each with a veth pair on it."""

    def __init__(self) -> None:
        self.tag = secrets.token_hex(2)
        self.subnet = f"10.231.{secrets.randbelow(200) + 20}"
        self.bridge = f"frb{self.tag}"
        self.hosts: dict[str, str] = {}  # name -> address
        sh("ip", "link", "add", self.bridge, "type", "bridge")
        sh("ip", "addr", "add", f"{self.subnet}.1/24", "dev", self.bridge)
        sh("ip", "link", "set", self.bridge, "up")

    def ns(self, host: str) -> str:
        return f"fr{self.tag}-{host}"

    def link(self, host: str) -> str:
        return f"fe{self.tag}{host}"[:15]

    def add(self, host: str) -> str:
        address = f"{self.subnet}.{len(self.hosts) + 2}"
        ns, inside, outside = self.ns(host), self.link(host), f"fv{self.tag}{host}"[:15]
        sh("ip", "netns", "add", ns)
        sh("ip", "link", "add", outside, "type", "veth", "peer", "name", inside)
        sh("ip", "link", "set", inside, "netns", ns)
        sh("ip", "link", "set", outside, "master", self.bridge)
        sh("ip", "link", "set", outside, "up")
        sh("ip", "netns", "exec", ns, "ip", "addr", "add", f"{address}/24", "dev", inside)
        sh("ip", "netns", "exec", ns, "ip", "link", "set", inside, "up")
        sh("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up")
        self.hosts[host] = address
        return address

    def set_link(self, host: str, state: str) -> None:
        sh("ip", "netns", "exec", self.ns(host), "ip", "link", "set", self.link(host), state)

    def listeners(self, host: str) -> list[str]:
        out = subprocess.run(["ip", "netns", "exec", self.ns(host), "ss", "-Hltn"], capture_output=True, text=True,
                             timeout=30).stdout
        return [line.split()[3] for line in out.splitlines() if line.strip()]

    def remove(self) -> None:
        for host in self.hosts:
            subprocess.run(["ip", "netns", "del", self.ns(host)], capture_output=True)
        subprocess.run(["ip", "link", "del", self.bridge], capture_output=True)


class Processes:
    def __init__(self, net: Network, logs: Path):
        self.net, self.logs, self.running = net, logs, {}

    def start(self, name: str, host: str, cmd: list[str], env: dict | None = None, user: str | None = None) -> None:
        prefix = ["ip", "netns", "exec", self.net.ns(host)] + (["runuser", "-u", user, "--"] if user else [])
        self.running[name] = subprocess.Popen(prefix + cmd, cwd=ROOT, env=env, start_new_session=True,
                                              stdout=(self.logs / f"{name}.log").open("ab"), stderr=subprocess.STDOUT)

    def stop(self, name: str) -> None:
        popen = self.running.pop(name)
        if popen.poll() is None:
            os.killpg(popen.pid, signal.SIGTERM)
            try:
                popen.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(popen.pid, signal.SIGKILL)
                popen.wait()

    def stop_all(self) -> None:
        for name in list(self.running)[::-1]:
            self.stop(name)


def start_postgres(procs: Processes, address: str, workdir: Path) -> str:
    """A PostgreSQL server of pgserver's binaries in the database namespace, on its bridge address."""
    from pgserver._commands import POSTGRES_BIN_PATH, initdb
    from pgserver.utils import ensure_prefix_permissions, ensure_user_exists

    ensure_user_exists("pgserver")  # PostgreSQL refuses to run as root
    pgdata = workdir / "pgdata"
    pgdata.mkdir()
    ensure_prefix_permissions(pgdata)
    shutil.chown(pgdata, "pgserver", "pgserver")
    initdb(["--auth=trust", "--encoding=utf8", "-U", "postgres"], pgdata=pgdata, user="pgserver")
    with (pgdata / "pg_hba.conf").open("a") as fh:
        fh.write(f"host all all {address.rsplit('.', 1)[0]}.0/24 trust\n")
    procs.start("postgres", "db", [str(POSTGRES_BIN_PATH / "postgres"), "-D", str(pgdata), "-h", address,
                                   "-k", str(pgdata), "-c", "max_connections=200"], user="pgserver")
    url = f"postgresql://postgres@{address}:5432/postgres"
    wait(lambda: _connects(url), 60, "PostgreSQL in its namespace")
    return url


def _connects(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=2):
            return True
    except psycopg.OperationalError:
        return False


def wait(predicate, timeout: float, what: str, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise SystemExit(f"timed out after {timeout:.0f} s waiting for {what}")


def routed(url: str, ids: list[str]) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT count(*) FROM reports r JOIN submission_versions v ON v.id = r.version_id"
                            " WHERE v.submission_id = ANY(%s::uuid[])", (ids,)).fetchone()[0]


def run(net: Network, procs: Processes, *, admin: str, env: dict, api: str, workers: int, items: int,
        flap_seconds: float, workdir: Path, run_no: int) -> tuple[float, list[str]]:
    """One batch through `workers` worker namespaces on a fresh database; returns the time from
    submit to all routed and the checks that failed."""
    from service.identity import create_user, issue_key

    name = f"cluster_run{run_no}_{secrets.token_hex(3)}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = admin.rsplit("/", 1)[0] + f"/{name}"
    run_env = dict(env, DATABASE_URL=url, CELERY_BROKER_URL=f"redis://{net.hosts['db']}:6379/{run_no}",
                   FINREVIEW_HOME=str(workdir / f"home-{run_no}"))
    subprocess.run([sys.executable, "-m", "service", "db", "upgrade"], cwd=ROOT, env=run_env, check=True,
                   capture_output=True)
    with psycopg.connect(url) as conn:
        key = issue_key(conn, user_id=create_user(conn, name="cluster-submitter", role="submitter"))
    procs.start(f"api-{run_no}", "api", [sys.executable, "-m", "service", "serve", "--no-worker",
                                          "--host", api, "--port", "8000"], run_env)
    base = f"http://{api}:8000"
    wait(lambda: is_ready(base), 120, "the API in its namespace")
    hosts = [f"w{i + 1}" for i in range(workers)]
    cores = sorted(os.sched_getaffinity(0))
    for i, host in enumerate(hosts):
        # A core of its own per worker host, as separate machines would have (the API, PostgreSQL
        # and Redis share the rest); the worker sizes its model threads to it.
        procs.start(f"worker-{run_no}-{host}", host, ["taskset", "-c", str(cores[i % len(cores)]), sys.executable, "-m",
                                                      "service", "worker", "--concurrency", "1"], run_env)
    # Every worker process says when its parts are loaded (worker_heartbeats): start the clock then.
    wait(lambda: _ready_workers(url) >= workers, 180, "the workers to load their parts")
    bad = [f"{host} listens on {a}" for host in ("db", "api", *hosts) for a in net.listeners(host)
           if not a.startswith((f"{net.subnet}.", "127.0.0.1:", "[::1]:"))]

    copies = [{"text": f"{TEXTS[i % 3]} ({i})", "jurisdiction": "UK" if i % 3 == 2 else "TW",
               "product": "credit_card", "channel": "web"} for i in range(items)]
    started = time.perf_counter()
    resp = httpx.post(f"{base}/v1/reviews/batch", headers={"Authorization": f"Bearer {key}"},
                      json={"items": copies}, timeout=600)
    resp.raise_for_status()
    ids = [item["id"] for item in resp.json()["items"]]
    flapped = None
    while (done := routed(url, ids)) < len(ids):
        if flap_seconds and flapped is None and done >= len(ids) // 4:
            net.set_link(hosts[-1], "down")
            flapped = time.perf_counter()
            print(f"  link of {hosts[-1]} down at {done} of {len(ids)} routed ({_now()})", flush=True)
        if flapped and flapped > 0 and time.perf_counter() - flapped >= flap_seconds:
            net.set_link(hosts[-1], "up")
            print(f"  link of {hosts[-1]} up again after {flap_seconds:.0f} s, {routed(url, ids)} routed ({_now()})",
                  flush=True)
            flapped = -1.0
        if time.perf_counter() - started > 1800:
            bad.append(f"only {done} of {len(ids)} routed after 30 minutes")
            break
        time.sleep(0.5)
    elapsed = time.perf_counter() - started
    if flapped and flapped > 0:
        net.set_link(hosts[-1], "up")
    bad += _checks(url, ids, run_env)
    for name_ in [n for n in procs.running if n == f"api-{run_no}" or n.startswith(f"worker-{run_no}-")]:
        procs.stop(name_)
    return elapsed, bad


def _now() -> str:
    return time.strftime("%H:%M:%S", time.gmtime())


def _ready_workers(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT count(*) FROM worker_heartbeats WHERE seen_at > now() - interval '30 seconds'"
                            ).fetchone()[0]


def _checks(url: str, ids: list[str], env: dict) -> list[str]:
    bad = []
    time.sleep(3)  # a late duplicate delivery, if any, has had time to try
    with psycopg.connect(url) as conn:
        reports, versions = conn.execute(
            "SELECT count(*), count(DISTINCT r.version_id) FROM reports r JOIN submission_versions v"
            " ON v.id = r.version_id WHERE v.submission_id = ANY(%s::uuid[])", (ids,)).fetchone()
        if not reports == versions == len(ids):
            bad.append(f"{reports} reports for {versions} of {len(ids)} items (want exactly one each)")
        subjects = {f"submission:{i}/v1" for i in ids}
        trails: dict[str, list[str]] = {}
        for subject, event in conn.execute("SELECT subject, event_type FROM audit_events WHERE subject = ANY(%s)"
                                           " ORDER BY seq", (list(subjects),)):
            trails.setdefault(subject, []).append(event)
        wrong = [s for s in subjects if trails.get(s) != PIPELINE_EVENTS]
        if wrong:
            bad.append(f"{len(wrong)} items whose audit events are not {PIPELINE_EVENTS} "
                       f"(e.g. {trails.get(wrong[0])})")
        twice = conn.execute("SELECT count(*) FROM jobs WHERE attempts > 1").fetchone()[0]
        sends = conn.execute("SELECT coalesce(sum(sends), 0) FROM jobs").fetchone()[0]
    print(f"  {len(ids)} items: one report and one 'checked' event each: {'yes' if not bad else 'NO'}; "
          f"jobs started more than once (a review cut off and redone, one report kept): {twice}; "
          f"jobs sent to the broker: {sends} ({sends / max(1, len(ids)):.3f} per item)", flush=True)
    verify = subprocess.run([sys.executable, "-m", "service", "audit", "verify"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    print(f"  audit verify: {(verify.stdout or verify.stderr).strip().splitlines()[0]}", flush=True)
    if verify.returncode != 0:
        bad.append(f"audit verify failed: {verify.stderr.strip()[:500]}")
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--flap-seconds", type=float, default=20.0,
                        help="how long one worker's link stays down in the third run (0: no third run)")
    parser.add_argument("--keep", action="store_true", help="keep the logs' folder")
    args = parser.parse_args()
    if os.geteuid() != 0 or shutil.which("ip") is None or shutil.which("redis-server") is None:
        print("needs root, iproute2's `ip` and redis-server (make install puts iproute2 in)", file=sys.stderr)
        raise SystemExit(2)
    from audit.note import generate

    workdir = Path(tempfile.mkdtemp(prefix="finreview-cluster-"))
    workdir.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINREVIEW_") and k not in ("DATABASE_URL",
                                                                                                "CELERY_BROKER_URL")}
    # One content key and one audit key for every host, as a real deployment shares them.
    env.update(FINREVIEW_KEK=base64.b64encode(secrets.token_bytes(32)).decode(), FINREVIEW_LOG_LEVEL=os.environ.get("FINREVIEW_LOG_LEVEL", "WARNING"),
               FINREVIEW_AUDIT_KEY=generate("finreview.cluster/audit").encode(), FINREVIEW_AUDIT_ORIGIN="finreview.cluster/audit", FINREVIEW_RATE_LIMIT_PER_SECOND="0",
               FINREVIEW_LEASE_SECONDS="15", FINREVIEW_REQUEUE_AFTER_SECONDS="10", FINREVIEW_RECONCILE_INTERVAL="2",
               PYTHONPATH=str(ROOT))
    net = Network()
    procs = Processes(net, workdir)
    failures: list[str] = []
    try:
        for host in ("db", "api", "w1", "w2"):
            net.add(host)
        print(f"hosts on bridge {net.bridge} ({net.subnet}.0/24): "
              + ", ".join(f"{h} {a}" for h, a in net.hosts.items()), flush=True)
        admin = start_postgres(procs, net.hosts["db"], workdir)
        procs.start("redis", "db", ["redis-server", "--bind", net.hosts["db"], "--port", "6379", "--save", "",
                                    "--appendonly", "no", "--protected-mode", "no", "--dir", str(workdir)])
        times = {}
        plan = [(1, 0.0), (2, 0.0)] + ([(2, args.flap_seconds)] if args.flap_seconds else [])
        for run_no, (workers, flap) in enumerate(plan, start=1):
            print(f"run {run_no}: {workers} worker namespace(s), {args.items} items"
                  + (f", one worker's link down for {flap:.0f} s" if flap else ""), flush=True)
            elapsed, bad = run(net, procs, admin=admin, env=env, api=net.hosts["api"], workers=workers,
                               items=args.items, flap_seconds=flap, workdir=workdir, run_no=run_no)
            times[(workers, flap)] = elapsed
            failures += [f"run {run_no}: {b}" for b in bad]
            print(f"  submit to all routed: {elapsed:.1f} s ({args.items / elapsed:.0f} copies/s)", flush=True)
        print(json.dumps({"items": args.items, "seconds_1_worker": round(times[(1, 0.0)], 1),
                          "seconds_2_workers": round(times[(2, 0.0)], 1),
                          "speed_up": round(times[(1, 0.0)] / times[(2, 0.0)], 2),
                          "seconds_2_workers_link_down": round(times.get((2, args.flap_seconds), 0.0), 1),
                          "flap_seconds": args.flap_seconds, "failures": failures}))
    finally:
        procs.stop_all()
        net.remove()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"logs kept in {workdir}", file=sys.stderr)
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
