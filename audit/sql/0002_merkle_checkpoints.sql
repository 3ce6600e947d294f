-- Merkle leaves, signed checkpoints and the privileges of the application's writer role.

-- leaf_hash = SHA-256(0x00 || body), the RFC 6962 leaf of each event. Kept so proofs can be served
-- without re-reading every body; every verification recomputes it from the body.
ALTER TABLE audit_events ADD COLUMN leaf_hash bytea;
-- Rows written before this migration get their leaf once; the append-only trigger is lifted for
-- this one statement, inside the migration's transaction, and restored before it commits.
ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete;
UPDATE audit_events SET leaf_hash = sha256('\x00'::bytea || convert_to(body, 'UTF8'));
ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete;
ALTER TABLE audit_events ALTER COLUMN leaf_hash SET NOT NULL;
ALTER TABLE audit_events ADD CONSTRAINT audit_events_leaf_size CHECK (octet_length(leaf_hash) = 32);

-- One row per signed checkpoint. `frontier` holds the compact range (the roots of the perfect
-- subtrees) at tree_size, so the next checkpoint only reads the events added since.
CREATE TABLE audit_checkpoints (
    tree_size   bigint      PRIMARY KEY CHECK (tree_size > 0),
    root_hash   bytea       NOT NULL CHECK (octet_length(root_hash) = 32),
    note        text        NOT NULL,
    frontier    bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION audit_refuse_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_checkpoints_no_update_delete BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- Nobody but the owner may call the trigger functions' bodies in another context.
REVOKE ALL ON FUNCTION audit_events_refuse_change() FROM PUBLIC;
REVOKE ALL ON FUNCTION audit_refuse_change() FROM PUBLIC;

-- The application's writer role: INSERT and SELECT on the trail and nothing else, so even with
-- the triggers gone it cannot UPDATE, DELETE or TRUNCATE. Grant it to the login the app uses
-- (GRANT finreview_audit_writer TO app_login) and keep table ownership with another role.
-- Roles are cluster-wide: created once, and only where the migrating user may create roles.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'finreview_audit_writer') THEN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)) THEN
            BEGIN
                CREATE ROLE finreview_audit_writer NOLOGIN;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;  -- another database's migration created it at the same moment
            END;
        ELSE
            RAISE NOTICE 'role finreview_audit_writer not created: % may not create roles', current_user;
        END IF;
    END IF;
END
$$;
REVOKE ALL ON audit_events, audit_checkpoints FROM PUBLIC;
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'finreview_audit_writer') THEN
        REVOKE ALL ON audit_events, audit_checkpoints FROM finreview_audit_writer;
        GRANT SELECT, INSERT ON audit_events, audit_checkpoints TO finreview_audit_writer;
    END IF;
END
$$;
