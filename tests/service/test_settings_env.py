"""finreview reads only FINREVIEW_*, DATABASE_URL and CELERY_BROKER_URL, through the real CLI:
variables other programs set (HOME, LOG_LEVEL, MODEL_DIR, ...) change nothing, and a bad value of
one of its own variables is one line naming it, with exit 2."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

FOREIGN = {"LOG_LEVEL": "verbose", "WORKER_CONCURRENCY": "abc", "MODEL_DIR": "/nonexistent/model",
           "RULES_DIR": "/nonexistent/rules", "POLICY_FILE": "/nonexistent/policy.yaml", "LEASE_SECONDS": "-1",
           "home": "/nonexistent/lower-case-home"}


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "XDG_RUNTIME_DIR") and not k.startswith("FINREVIEW_")}
    return {**env, "PYTHONPATH": str(ROOT), **extra}


def finreview(*args: str, env: dict[str, str], cwd, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "service", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300, input=stdin)


@pytest.mark.slow
def test_foreign_variables_do_not_move_the_home_or_break_commands(tmp_path):
    """With HOME pointing elsewhere and other tools' variables set, the embedded database and its
    runtime folder live in ./.finreview, nothing is written to HOME, and no XDG warning is printed."""
    project, user_home = tmp_path / "project", tmp_path / "user-home"
    project.mkdir()
    user_home.mkdir()
    env = clean_env(HOME=str(user_home), **FOREIGN)
    done = finreview("db", "upgrade", env=env, cwd=project)
    assert done.returncode == 0, done.stderr
    assert (project / ".finreview" / "pgdata").is_dir() and (project / ".finreview" / "run").is_dir()
    assert list(user_home.iterdir()) == []
    assert "XDG_RUNTIME_DIR" not in done.stderr and "runtime-" not in done.stderr
    listed = finreview("rules", "list", "--jurisdiction", "TW", env=env, cwd=project)
    assert listed.returncode == 0 and "tw.fsc.card.slogan-required" in listed.stdout, listed.stderr
    checked = finreview("check", "-", "-j", "TW", "--product", "credit_card", "--channel", "web", "--format", "json",
                        env=env, cwd=project, stdin="【極光卡】保證獲利！")
    assert checked.returncode == 1 and '"errors": []' in checked.stdout, checked.stdout + checked.stderr


@pytest.mark.parametrize("name, value", [
    ("FINREVIEW_LOG_LEVEL", "verbose"),
    ("FINREVIEW_WORKER_CONCURRENCY", "0"),
    ("FINREVIEW_LEASE_SECONDS", "soon"),
])
def test_a_bad_value_of_our_own_variable_is_one_line_naming_it_with_exit_2(tmp_path, name, value):
    done = finreview("rules", "list", env=clean_env(**{name: value, "FINREVIEW_HOME": str(tmp_path)}), cwd=ROOT)
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {name}:") and "Traceback" not in done.stderr


def test_a_secret_given_badly_is_named_but_never_echoed(tmp_path):
    done = finreview("rules", "list", cwd=ROOT, env=clean_env(FINREVIEW_AUDIT_ORIGIN="has space s3cr3t",
                                                              FINREVIEW_HOME=str(tmp_path)))
    assert done.returncode == 2 and "FINREVIEW_AUDIT_ORIGIN" in done.stderr and "s3cr3t" not in done.stderr
