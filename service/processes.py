"""Starting the product: database (embedded or not), migrations, API, worker, reconciler."""
from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
from typing import Any

from service.embedded import ensure_database
from service.migrations import upgrade
from service.settings import Settings

log = logging.getLogger("finreview")


def _quiet_libraries() -> None:
    # pgserver logs every command line it runs at INFO.
    logging.getLogger("pgserver").setLevel(logging.WARNING)


def prepare_database(settings: Settings | None = None) -> tuple[Settings, list[str]]:
    """Settings with a usable DATABASE_URL (starting the embedded server if needed), schema upgraded."""
    _quiet_libraries()
    settings = settings or Settings()
    server = ensure_database(settings)
    if server is not None:
        _keep_alive.append(server)  # pgserver stops the server when its last handle goes away
    return settings, upgrade(settings.require_database_url())


_keep_alive: list[Any] = []


def _start_reconciler(settings: Settings) -> threading.Event:
    from workers.db import WORKER_IDLE_IN_TRANSACTION_SECONDS, open_pool
    from workers.reconciler import run_forever

    stop = threading.Event()
    pool = open_pool(settings.require_database_url(), max_size=2, name="finreview-reconciler",
                     idle_in_transaction_seconds=WORKER_IDLE_IN_TRANSACTION_SECONDS)

    def loop() -> None:
        try:
            run_forever(pool, interval=settings.reconcile_interval_seconds,
                        requeue_after_seconds=settings.requeue_after_seconds,
                        sql_broker=settings.celery_broker_url is None, stop=stop, config=settings)
        finally:
            pool.close()

    threading.Thread(target=loop, name="reconciler", daemon=True).start()
    return stop


def serve(*, host: str, port: int, demo: bool, with_worker: bool | None) -> None:
    import uvicorn

    from service.app import create_app

    embedded = not os.environ.get("DATABASE_URL")
    settings, _ = prepare_database()
    _configure_logging(settings.log_level)
    run_worker_too = embedded if with_worker is None else with_worker
    if demo:
        from service.demo import load_demo

        load_demo(settings)
    if run_worker_too and settings.celery_broker_url is None:
        _declare_sql_queue(settings)
    worker = _SupervisedWorker() if run_worker_too else None
    # The reconciler runs beside the API even with no worker here: with every worker dead, jobs must
    # still be re-sent, checkpoints signed and webhooks retried. Its queries take rows with SKIP
    # LOCKED, so it is safe beside the workers' own reconcilers.
    stop_reconciler = _start_reconciler(settings)
    url = f"http://{host}:{port}/"
    print(f"finreview is running at {url}  (API docs: {url}docs; stop with Ctrl-C)", flush=True)
    # uvicorn re-raises SIGTERM/SIGINT after its graceful shutdown, which would kill this process
    # before it stops the worker and the embedded database; these handlers absorb that re-raise.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: None)
    try:
        # log_config=None keeps our JSON logging; uvicorn's access line would log client addresses.
        uvicorn.run(create_app(settings), host=host, port=port, log_level=settings.log_level.lower(),
                    log_config=None, access_log=False, proxy_headers=True,
                    forwarded_allow_ips=settings.trusted_proxies)
    finally:
        stop_reconciler.set()
        if worker:
            worker.stop()
        print("finreview stopped", flush=True)


def _configure_logging(level: str) -> None:
    from service.logs import configure

    configure(level)


def _spawn_worker() -> subprocess.Popen:
    # A separate process: Celery's prefork pool and uvicorn's event loop do not share a process well.
    cmd = [sys.executable, "-m", "service", "worker", "--no-reconciler", "--concurrency", "1"]
    return subprocess.Popen(cmd, env=os.environ.copy())


def _declare_sql_queue(settings) -> None:
    """Create the SQL transport's queue row before any other process can. Kombu creates it on first
    use with a plain INSERT; the API publishing and the worker consuming at the same moment race,
    and the loser's unique-key error stops the worker (seen under load)."""
    from workers.celery_app import QUEUE, configure

    with configure(settings).connection_for_write() as conn:
        conn.default_channel.queue_declare(QUEUE)


class _SupervisedWorker:
    """The embedded worker, started again if it ever exits; the jobs it held are re-sent by the
    reconciler when their leases run out, so a crash delays copy but loses none."""

    def __init__(self):
        self._stop = threading.Event()
        self.child = _spawn_worker()
        threading.Thread(target=self._watch, name="worker-supervisor", daemon=True).start()

    def _watch(self) -> None:
        while not self._stop.wait(2):
            if self.child.poll() is not None:
                log.warning("embedded worker exited with %s; starting it again", self.child.returncode)
                self.child = _spawn_worker()

    def stop(self) -> None:
        self._stop.set()
        _stop_child(self.child)


def _stop_child(child: subprocess.Popen) -> None:
    if child.poll() is None:
        child.send_signal(signal.SIGTERM)  # Celery's warm shutdown: finish the current task
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def run_worker(*, concurrency: int | None, reconciler: bool) -> None:
    from celery.signals import worker_ready

    from workers.celery_app import QUEUE, configure
    from workers.config import share_cores_among

    settings, _ = prepare_database()
    _configure_logging(settings.log_level)
    processes = concurrency or settings.worker_concurrency
    share_cores_among(processes)  # each pool process scores with its own model
    celery_app = configure(settings)
    if reconciler:
        # Started once the pool has forked, so no child inherits a running thread.
        worker_ready.connect(lambda **_: _start_reconciler(settings), weak=False)
    celery_app.worker_main([
        "worker", f"--loglevel={settings.log_level}", f"--concurrency={processes}",
        "--pool=prefork", "-Q", QUEUE, "--without-gossip", "--without-mingle",
        f"--hostname=finreview-{os.getpid()}@{socket.gethostname()}",
    ])
