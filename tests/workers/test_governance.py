"""The governance register on a real PostgreSQL (a database of its own per test): the installed set
starts it, a change runs only once a second person approves it, a worker's view swaps in the
approved version whatever its files say, and a model nobody approved sends copy to an officer."""
from __future__ import annotations

import dataclasses

import psycopg
import pytest

from rulesets.packs import make_pack
from rulesets.schema import Rule
from workers.db import open_pool
from workers.governance.in_force import Governor, governed_parts
from workers.governance.inventory import inventory, model_fingerprint, pack_artifact
from workers.governance.policy import load_governance
from workers.governance.proposals import find_pending, impact, pending, with_change
from workers.pipeline import CopyContext, review
from workers.store.register import RegisterError, bootstrap, decide, in_force, propose

POLICY = load_governance()
TEXT = "本基金保證獲利，穩穩領息。投資一定有風險，基金投資有賺有賠，申購前應詳閱公開說明書。"


@pytest.fixture
def pool(fresh_db):
    p = open_pool(fresh_db, max_size=2, name="governance-tests")
    yield p
    p.close()


def edited(components, pack_name: str, phrase: str):
    """``components`` whose files hold ``pack_name`` with ``phrase`` added to its guarantee rule."""
    packs = []
    for pack in components.packs:
        if pack.name == pack_name:
            rules = []
            for rule in pack.rules:
                data = rule.canonical()
                if rule.id == "tw.fsc.no-guarantee-wording":
                    data["check"]["phrases"] = [*data["check"]["phrases"], phrase]
                rules.append(Rule.model_validate(data))
            pack = make_pack(pack.name, pack.jurisdiction, rules)
        packs.append(pack)
    return dataclasses.replace(components, packs=packs)


def rule_ids(report):
    return {f["rule_id"] for f in report["findings"]}


def test_the_installed_set_starts_an_empty_register_once(pool, components):
    with pool.connection() as conn:
        assert bootstrap(conn, inventory(components), POLICY) is True
        assert bootstrap(conn, inventory(components), POLICY) is False
        approved = in_force(conn)
        events = conn.execute("SELECT count(*) FROM audit_events WHERE event_type = 'governance_bootstrapped'").fetchone()[0]
    kinds = {kind for kind, _ in approved}
    assert kinds == {"rule_pack", "routing_policy", "purpose_policy", "model"} and events == 1
    assert approved[("model", components.model.id)].fingerprint == model_fingerprint(components.model)


def test_a_change_takes_effect_only_after_a_second_person_approves_it(pool, components):
    ctx = CopyContext("TW", "fund", "web", "zh-TW")
    with pool.connection() as conn:
        bootstrap(conn, inventory(components), POLICY)
    changed = edited(components, "tw.general", "穩穩領息")
    governor = Governor(POLICY.model_copy(update={"monitoring": POLICY.monitoring.model_copy(
        update={"refresh_seconds": 0.001})}))

    before = review(TEXT, ctx, governor.view(pool, changed))
    assert "tw.fsc.no-guarantee-wording" in rule_ids(before)
    guarantee = [f for f in before["findings"] if f["rule_id"] == "tw.fsc.no-guarantee-wording"]
    assert all("穩穩領息" not in f["excerpt"] for f in guarantee)  # the edited phrase is not in force
    old = next(p for p in components.packs if p.name == "tw.general").fingerprint
    assert before["rulesets"]["tw.general"] == old

    with pool.connection() as conn:
        approved = in_force(conn)
    artifact = find_pending(changed, approved, "rule_pack", "tw.general")
    assert artifact is not None and [a.key for a in pending(changed, approved)] == [("rule_pack", "tw.general")]
    view = dataclasses.replace(changed, **governed_parts(changed, approved))
    report = impact(pool, with_change(view, changed, artifact), POLICY)
    with pool.connection() as conn:
        proposal = propose(conn, artifact, actor="user:alice", policy=POLICY, replay=report)
        with pytest.raises(RegisterError) as same:
            decide(conn, proposal, actor="user:alice", approve=True, reason="mine")
        assert same.value.slug == "same-person"
    assert review(TEXT, ctx, governor.view(pool, changed))["rulesets"]["tw.general"] == old  # proposed is not approved

    with pool.connection() as conn:
        decide(conn, proposal, actor="user:bob", approve=True, reason="replay checked")
        states = dict(conn.execute("SELECT state, count(*) FROM governance_versions WHERE kind = 'rule_pack'"
                                   " AND name = 'tw.general' GROUP BY state").fetchall())
        types = [r[0] for r in conn.execute("SELECT event_type FROM audit_events WHERE subject ="
                                            " 'governance:rule_pack/tw.general' ORDER BY seq")]
    assert states == {"approved": 1, "superseded": 1}
    assert types == ["governance_proposed", "governance_approved"]
    after = review(TEXT, ctx, governor.view(pool, changed))
    assert after["rulesets"]["tw.general"] == artifact.fingerprint != old
    assert any("穩穩領息" in f["excerpt"] for f in after["findings"] if f["rule_id"] == "tw.fsc.no-guarantee-wording")


def test_the_database_refuses_an_approval_by_the_proposer(pool, components):
    artifact = pack_artifact(components.packs[0])
    with pool.connection() as conn:
        conn.execute("INSERT INTO governance_versions (kind, name, fingerprint, label, evidence, owner, risk_tier,"
                     " state, proposed_by) VALUES ('rule_pack', %s, 'x', 'l', '{}', 'o', 'high', 'proposed', 'user:a')",
                     (artifact.name,))
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute("UPDATE governance_versions SET state = 'approved', decided_by = 'user:a' WHERE fingerprint = 'x'")


def test_a_model_nobody_approved_sends_copy_to_an_officer(pool, components):
    with pool.connection() as conn:
        artifacts = [a for a in inventory(components) if a.kind != "model"]
        bootstrap(conn, artifacts, POLICY)
        approved = in_force(conn)
    view = dataclasses.replace(components, **governed_parts(components, approved))
    assert view.model is None and "not approved in the governance register" in view.load_errors["classifier"]
    report = review("星光卡國內消費享1%回饋。謹慎理財 信用至上", CopyContext("TW", "credit_card", "web", "zh-TW"), view)
    assert report["verdict"] == "review" and any(e["stage"] == "classifier" for e in report["errors"])


def test_a_pack_that_was_never_approved_is_not_in_force(pool, components):
    with pool.connection() as conn:
        bootstrap(conn, [a for a in inventory(components) if a.key != ("rule_pack", "tw.fund")], POLICY)
        approved = in_force(conn)
    view = dataclasses.replace(components, **governed_parts(components, approved))
    assert "tw.fund" not in {p.name for p in view.packs} and "tw.general" in {p.name for p in view.packs}


def test_a_routing_policy_change_and_a_new_model_also_wait_for_a_second_person(pool, components, tmp_path):
    """The same path for the other kinds: a stricter routing policy and a model with other files are
    pending until approved, then in force."""
    import json
    import shutil

    from classifiers.model import RiskModel

    with pool.connection() as conn:
        bootstrap(conn, inventory(components), POLICY)
    other = tmp_path / "finreview-risk"
    shutil.copytree(components.model.path, other)
    config = json.loads((other / "config.json").read_text())
    (other / "config.json").write_text(json.dumps({**config, "finreview_note": "a retrain"}))  # other files
    retrained_model = RiskModel.load(other)
    assert model_fingerprint(retrained_model) != model_fingerprint(components.model)
    retrained = dataclasses.replace(components, policy=components.policy.model_copy(update={"risk_threshold": 0.05}),
                                    model=retrained_model)
    with pool.connection() as conn:
        approved = in_force(conn)
    assert {a.key for a in pending(retrained, approved)} == {("routing_policy", "routing"), ("model", components.model.id)}
    view = dataclasses.replace(retrained, **governed_parts(retrained, approved))
    assert view.policy.risk_threshold == components.policy.risk_threshold and view.model is None
    for kind, name in (("routing_policy", "routing"), ("model", components.model.id)):
        artifact = find_pending(retrained, approved, kind, name)
        with pool.connection() as conn:
            proposal = propose(conn, artifact, actor="user:carol", policy=POLICY,
                               replay=impact(pool, with_change(view, retrained, artifact), POLICY))
            decide(conn, proposal, actor="user:dan", approve=True, reason="validated")
    with pool.connection() as conn:
        approved = in_force(conn)
    view = dataclasses.replace(retrained, **governed_parts(retrained, approved))
    assert view.policy.risk_threshold == 0.05 and view.model is retrained_model
    assert "classifier" not in view.load_errors


def test_a_threshold_edited_in_the_model_metadata_waits_for_approval(pool, components, tmp_path):
    """Thresholds live in metadata.json, outside the weights' fingerprint; editing one changes
    verdicts, so the model is a pending change and not run until a second person approves it."""
    import json
    import shutil

    from classifiers.model import RiskModel

    with pool.connection() as conn:
        bootstrap(conn, inventory(components), POLICY)
        approved = in_force(conn)
    edited_dir = tmp_path / "finreview-risk"
    shutil.copytree(components.model.path, edited_dir)
    meta = json.loads((edited_dir / "metadata.json").read_text(encoding="utf-8"))
    meta["thresholds"]["pressure_tactics"] = 0.9
    (edited_dir / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    edited_model = RiskModel.load(edited_dir)
    assert edited_model.key == components.model.key  # the same scores, so the score cache still serves them
    assert model_fingerprint(edited_model) != model_fingerprint(components.model)
    edited_view = dataclasses.replace(components, model=edited_model)
    assert {a.key for a in pending(edited_view, approved)} == {("model", components.model.id)}
    view = dataclasses.replace(edited_view, **governed_parts(edited_view, approved))
    assert view.model is None and "not approved in the governance register" in view.load_errors["classifier"]


def test_an_approved_version_that_cannot_be_read_sends_copy_to_an_officer(pool, components):
    """Fail closed: a stored pack the code cannot rebuild is an error on every report, not a pack
    silently left out."""
    edited_files = edited(components, "tw.general", "穩穩領息")  # the files differ, so the stored version is read
    with pool.connection() as conn:
        bootstrap(conn, inventory(components), POLICY)
        conn.execute("UPDATE governance_versions SET content = '{\"jurisdiction\": \"TW\", \"rules\": [{\"id\": 1}]}'"
                     " WHERE kind = 'rule_pack' AND name = 'tw.general'")
        approved = in_force(conn)
    view = dataclasses.replace(edited_files, **governed_parts(edited_files, approved))
    assert "approved rule pack tw.general cannot be loaded" in view.load_errors["rules"]
    report = review(TEXT, CopyContext("TW", "fund", "web", "zh-TW"), view)
    assert report["verdict"] != "pass" and any(e["stage"] == "rules" for e in report["errors"])


def test_a_pack_removed_from_the_files_leaves_force_only_once_its_retirement_is_approved(pool, components):
    with pool.connection() as conn:
        bootstrap(conn, inventory(components), POLICY)
    without = dataclasses.replace(components, packs=[p for p in components.packs if p.name != "tw.fund"])
    with pool.connection() as conn:
        approved = in_force(conn)
    view = dataclasses.replace(without, **governed_parts(without, approved))
    assert "tw.fund" in {p.name for p in view.packs}  # deleted on disk, still in force from the register
    retire = find_pending(without, approved, "rule_pack", "tw.fund")
    assert retire is not None and retire.retires
    report = impact(pool, with_change(view, without, retire), POLICY)
    with pool.connection() as conn:
        decide(conn, propose(conn, retire, actor="user:erin", policy=POLICY, replay=report), actor="user:frank",
               approve=True, reason="product withdrawn")
        approved = in_force(conn)
    view = dataclasses.replace(without, **governed_parts(without, approved))
    assert "tw.fund" not in {p.name for p in view.packs} and "tw.general" in {p.name for p in view.packs}
    assert find_pending(without, approved, "rule_pack", "tw.fund") is None  # nothing left to propose
