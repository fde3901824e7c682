-- A visitor's signature and acknowledgements are evidence of what they agreed to: nobody may change them, and only
-- the owner role may delete them (the retention and erasure paths run as the owner). The application role also lacks
-- UPDATE/DELETE on these tables (see grantAppRole); this trigger binds the owner too, and catches a delete that
-- cascades from `visit`: such a cascade runs as the table owner, so the check is on session_user, the role that
-- connected, rather than current_user.
CREATE FUNCTION signed_record_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION '% is a signed record and cannot change', TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
    RAISE EXCEPTION '% rows may be deleted only by the owner role (retention, erasure)', TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN OLD;
END;
$$;--> statement-breakpoint
CREATE TRIGGER visit_signature_append_only_row
  BEFORE UPDATE OR DELETE ON visit_signature
  FOR EACH ROW EXECUTE FUNCTION signed_record_append_only();--> statement-breakpoint
CREATE TRIGGER visit_acknowledgement_append_only_row
  BEFORE UPDATE OR DELETE ON visit_acknowledgement
  FOR EACH ROW EXECUTE FUNCTION signed_record_append_only();--> statement-breakpoint
-- Session tokens are now stored as SHA-256 hashes (packages/api/src/auth-hashed-sessions.ts). A row written before
-- holds a usable token and would match nothing any more: everyone signs in again once.
DELETE FROM auth_session;
