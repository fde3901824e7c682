-- A published form or policy is evidence of what a visitor or member of staff agreed to: it never changes. Drafts
-- (published_at IS NULL) may be edited and published once; a new text is a new version. The trigger binds the
-- owner too, so only an explicit, visible act (disabling it) could rewrite a published version.
CREATE FUNCTION policy_document_published_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.published_at IS NOT NULL THEN
    RAISE EXCEPTION 'policy_document % is published and cannot change (% refused)', OLD.id, TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER policy_document_published_immutable_row
  BEFORE UPDATE OR DELETE ON policy_document
  FOR EACH ROW EXECUTE FUNCTION policy_document_published_immutable();
