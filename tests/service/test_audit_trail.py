"""The audit trail through the product's edges: `finreview audit keygen|checkpoint|export|verify`,
`finreview privacy erase|show`, and the auditor endpoints, against the session's real database."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import secrets
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import psycopg
import pytest

from audit.bundle_verify import verify_bundle_file
from audit.note import generate, parse_verifier
from tests.conftest import ROOT
from tests.service.desk import make_user, routed_item

GOOD = {"text": "本基金保證獲利，請洽王先生 0912345678", "jurisdiction": "TW", "product": "fund", "channel": "web",
        "campaign_id": "camp-audit-trail"}


def finreview(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "service", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def auth(api_keys, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_keys[role]}"}


@pytest.fixture(scope="module")
def submission(client, api_keys):
    response = client.post("/v1/reviews", json=GOOD, headers=auth(api_keys, "submitter"))
    assert response.status_code == 202
    return response.json()["id"]


@pytest.fixture(scope="module")
def pubkey(client, api_keys, submission, tmp_path_factory) -> Path:
    """The public key as an auditor fetches it from the checkpoints endpoint."""
    body = client.get("/v1/audit/checkpoints", headers=auth(api_keys, "auditor")).json()
    path = tmp_path_factory.mktemp("auditor") / "log.vkey"
    path.write_text(body["public_key"] + "\n")
    return path


def test_checkpoint_then_export_then_offline_verify_through_the_cli(service_env, submission, pubkey, tmp_path):
    """The CLI signs a checkpoint, exports today's events, and the bundle verifies with only the key."""
    assert finreview("audit", "checkpoint", env=service_env).returncode == 0
    today = date.today().isoformat()
    out = tmp_path / "bundle.zip"
    exported = finreview("audit", "export", "--from", today, "--to", today, "--campaign", "camp-audit-trail",
                         "--format", "csv", "--out", str(out), env=service_env)
    assert exported.returncode == 0, exported.stderr
    assert "exported 2 events" in exported.stdout  # submitted + queued of the campaign's one copy
    offline_env = {"PATH": service_env["PATH"], "HOME": str(tmp_path)}  # no DATABASE_URL, no server
    verified = finreview("audit", "verify", str(out), "--pubkey", str(pubkey), env=offline_env)
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith("ok: 2 events")


def test_a_tampered_bundle_fails_offline_with_the_bad_seq_named(service_env, submission, pubkey, tmp_path):
    """Editing one event inside the zip makes `audit verify BUNDLE` exit 1 and name its seq."""
    today = date.today().isoformat()
    out = tmp_path / "bundle.zip"
    assert finreview("audit", "export", "--from", today, "--to", today, "--campaign", "camp-audit-trail",
                     "--out", str(out), env=service_env).returncode == 0
    with zipfile.ZipFile(out) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    first, rest = files["events.jsonl"].split(b"\n", 1)
    files["events.jsonl"] = first.replace(b"web", b"sms") + b"\n" + rest
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    seq = first.split(b'"seq": ')[1].split(b",")[0].decode()
    verified = finreview("audit", "verify", str(out), "--pubkey", str(pubkey), env={"PATH": service_env["PATH"]})
    assert verified.returncode == 1
    assert f"first bad event: seq {seq}" in verified.stderr


def test_offline_verify_names_a_wrong_key_first_and_prints_the_signed_root(service_env, submission, pubkey, tmp_path):
    """Under a key other than the firm's, `audit verify BUNDLE` exits 1 and its first line names the
    checkpoint and the key, with a handful of lines rather than one per event; under the right key
    the ok line carries the signed root (never an empty one)."""
    today = date.today().isoformat()
    out = tmp_path / "bundle.zip"
    assert finreview("audit", "export", "--from", today, "--to", today, "--out", str(out),
                     env=service_env).returncode == 0
    offline_env = {"PATH": service_env["PATH"]}
    other = generate("finreview.local/audit").verifier
    refused = finreview("audit", "verify", str(out), "--pubkey", other.encode(), env=offline_env)
    assert refused.returncode == 1
    lines = refused.stderr.splitlines()
    assert re.match(rf"checkpoint \d+: signature does not verify with key finreview.local/audit\+{other.key_id.hex()}",
                    lines[0]), lines[0]
    assert "first bad event" not in refused.stderr and len(lines) <= 21
    verified = finreview("audit", "verify", str(out), "--pubkey", str(pubkey), env=offline_env)
    assert verified.returncode == 0, verified.stderr
    assert re.search(r", root [0-9a-f]{64} at tree size \d+$", verified.stdout.strip()), verified.stdout


@pytest.mark.parametrize("content", [b"PK but not really a zip", b"plain text"])
def test_offline_verify_of_a_file_that_is_not_a_bundle_is_a_usage_error(pubkey, tmp_path, content):
    """A file that is not a zip exits 2 with one line saying so, as the README promises for usage errors."""
    path = tmp_path / "not-a-bundle.zip"
    path.write_bytes(content)
    result = finreview("audit", "verify", str(path), "--pubkey", str(pubkey), env={"PATH": os.environ["PATH"]})
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {path} is not an audit bundle: not a zip file"


def test_an_exported_bundle_names_the_officer_who_decided(client, pool, database_url, service_env, pubkey, tmp_path):
    """A decision made through the API by a real officer is exported with that officer's user name
    and role in decisions.csv and users.jsonl (the events keep the id), and the bundle verifies offline."""
    name, key, user_id = make_user(database_url, "reviewer")
    campaign = f"camp-names-{secrets.token_hex(3)}"
    item = routed_item(pool, campaign=campaign)
    decided = client.post(f"/v1/reviews/{item}/decision", headers={"Authorization": f"Bearer {key}"},
                          json={"outcome": "reject", "reason_code": "guarantee-wording", "reason": "promises profit"})
    assert decided.status_code == 201, decided.text
    today = date.today().isoformat()
    out = tmp_path / "bundle.zip"
    exported = finreview("audit", "export", "--from", today, "--to", today, "--campaign", campaign, "--out", str(out),
                         env=service_env)
    assert exported.returncode == 0, exported.stderr
    with zipfile.ZipFile(out) as zf:
        [row] = csv.DictReader(io.StringIO(zf.read("decisions.csv").decode("utf-8-sig")))
        users = [json.loads(line) for line in zf.read("users.jsonl").decode().splitlines()]
        events = zf.read("events.jsonl").decode()
    assert (row["reviewer"], row["reviewer_name"], row["reviewer_role"]) == (f"user:{user_id}", name, "reviewer")
    assert {"actor": f"user:{user_id}", "name": name, "role": "reviewer"} in users and name not in events
    verified = finreview("audit", "verify", str(out), "--pubkey", str(pubkey), env={"PATH": service_env["PATH"]})
    assert verified.returncode == 0, verified.stderr


def test_verify_against_the_database_passes_and_needs_a_key(service_env, submission, pubkey):
    """`audit verify` checks the database and checkpoint directory with the given or configured key."""
    result = finreview("audit", "verify", "--pubkey", str(pubkey), env=service_env)
    assert result.returncode == 0, result.stderr
    assert "signed checkpoints verified" in result.stdout
    wrong = finreview("audit", "verify", "--pubkey", "not-a-key", env=service_env)
    assert wrong.returncode == 2 and "verifier key" in wrong.stderr


def test_keygen_writes_a_private_key_once_and_prints_the_public_key(service_env, tmp_path):
    """The key file is 0600 and never overwritten; the printed public key parses."""
    path = tmp_path / "signing.key"
    made = finreview("audit", "keygen", "--out", str(path), "--origin", "bank.example/audit", env=service_env)
    assert made.returncode == 0
    assert path.stat().st_mode & 0o777 == 0o600
    assert parse_verifier(made.stdout.strip().splitlines()[-1]).name == "bank.example/audit"
    assert path.read_text().strip() not in made.stdout + made.stderr
    again = finreview("audit", "keygen", "--out", str(path), env=service_env)
    assert again.returncode == 2 and "never overwritten" in again.stderr


def test_auditors_export_through_the_api_and_the_bundle_verifies(client, api_keys, submission, pubkey, tmp_path):
    """POST /v1/audit/exports (auditor) writes a bundle; downloading it gives a zip that verifies."""
    created = client.post("/v1/audit/exports", json={"from": "2000-01-01T00:00:00Z", "to": "2100-01-01T00:00:00Z",
                                                     "campaign": "camp-audit-trail"}, headers=auth(api_keys, "auditor"))
    assert created.status_code == 201, created.text
    assert created.json()["events"] >= 2
    download = client.get(created.json()["download_url"], headers=auth(api_keys, "auditor"))
    assert download.status_code == 200 and download.headers["content-type"] == "application/zip"
    (tmp_path / "api.zip").write_bytes(download.content)
    verdict = verify_bundle_file(tmp_path / "api.zip", parse_verifier(pubkey.read_text()))
    assert verdict.ok, verdict.problems


@pytest.mark.parametrize("role, path, body, status, slug", [
    ("reviewer", "/v1/audit/exports", {"from": "2000-01-01T00:00:00Z", "to": "2100-01-01T00:00:00Z"}, 403, "forbidden"),
    ("submitter", "/v1/audit/checkpoints", None, 403, "forbidden"),
    ("auditor", "/v1/audit/exports", {"from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}, 422,
     "invalid-range"),
    ("auditor", "/v1/audit/exports", {"from": "2026-01-01", "to": "2026-02-01T00:00:00Z", "x": 1}, 422,
     "validation-error"),
])
def test_audit_endpoints_refuse_other_roles_and_bad_ranges(client, api_keys, role, path, body, status, slug):
    """Only auditors (and admins) reach the audit endpoints; bad input is problem+json with a reason."""
    response = (client.post(path, json=body, headers=auth(api_keys, role)) if body is not None
                else client.get(path, headers=auth(api_keys, role)))
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"].endswith("/" + slug)


@pytest.fixture(scope="module")
def admin_name(database_url):
    from service.identity import create_user

    name = f"admin-{secrets.token_hex(3)}"
    with psycopg.connect(database_url) as conn:
        create_user(conn, name=name, role="admin")
    return name


def test_privacy_erase_needs_an_override_inside_retention_and_then_reads_erased_everywhere(
        client, api_keys, service_env, admin_name, pubkey):
    """`privacy erase` refuses inside the retention period, erases with an override reason; the API,
    `privacy show` and unmask then read it as erased, and `audit verify` still passes."""
    own = client.post("/v1/reviews", json=GOOD, headers=auth(api_keys, "submitter")).json()["id"]
    refused = finreview("privacy", "erase", "--submission", own, "--by", admin_name, env=service_env)
    assert refused.returncode == 1 and "needs --override-reason" in refused.stderr
    not_admin = finreview("privacy", "erase", "--submission", own, "--by", "nobody", "--override-reason", "x",
                          env=service_env)
    assert not_admin.returncode == 2
    done = finreview("privacy", "erase", "--submission", own, "--by", admin_name, "--override-reason", "DSR-7",
                     env=service_env)
    assert done.returncode == 0, done.stderr
    shown = finreview("privacy", "show", "--submission", own, env=service_env)
    assert shown.stdout.strip() == "v1: [erased]"
    read = client.get(f"/v1/reviews/{own}", headers=auth(api_keys, "submitter")).json()
    assert read["versions"][0]["erased"] is True and read["versions"][0]["metadata"] is None
    assert "0912345678" not in str(read)
    again = client.post("/v1/reviews", json={**GOOD, "resubmission_of": own}, headers=auth(api_keys, "submitter"))
    assert again.status_code == 409 and again.json()["type"].endswith("/content-erased")
    verified = finreview("audit", "verify", "--pubkey", str(pubkey), env=service_env)
    assert verified.returncode == 0, verified.stderr
