-- The audit trail is append-only. Privileges already keep the application role from rewriting it; this trigger
-- also stops the owner (and anyone who gains its rights through a bug) unless they first disable it, which is an
-- explicit, visible act. The only change allowed is the sealer filling in seq/prev_hash/hash, once per row.
CREATE FUNCTION audit_event_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- Nested, not one AND chain: a TRUNCATE (statement) trigger has no OLD/NEW to look at.
  IF TG_OP = 'UPDATE' THEN
    IF OLD.hash IS NULL
       AND NEW.hash IS NOT NULL
       AND NEW.seq IS NOT NULL
       -- Every column except the three chain columns, compared as a whole so a column added later is covered too.
       AND (to_jsonb(NEW) - 'seq' - 'prev_hash' - 'hash') = (to_jsonb(OLD) - 'seq' - 'prev_hash' - 'hash')
    THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER audit_event_append_only_row
  BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();--> statement-breakpoint
CREATE TRIGGER audit_event_append_only_truncate
  BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
