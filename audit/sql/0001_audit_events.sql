-- Append-only audit trail. The body column holds the RFC 8785 canonical JSON that `hash` covers;
-- event_type/actor/subject/occurred_at are copies for querying and are checked against the body.
CREATE TABLE audit_events (
    seq          bigint PRIMARY KEY CHECK (seq > 0),
    event_type   text        NOT NULL,
    actor        text        NOT NULL,
    subject      text        NOT NULL,
    occurred_at  timestamptz NOT NULL,
    body         text        NOT NULL,
    prev_hash    char(64)    NOT NULL,
    hash         char(64)    NOT NULL UNIQUE
);
CREATE INDEX audit_events_subject ON audit_events (subject, seq);
CREATE INDEX audit_events_time ON audit_events (occurred_at);

-- SECURITY DEFINER with a pinned search_path, so a caller cannot shadow anything it uses.
CREATE FUNCTION audit_events_refuse_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
