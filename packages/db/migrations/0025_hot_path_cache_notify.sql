-- Each server process keeps a site's settings and its published journey documents in memory for the kiosk's
-- sign-in (api/src/cache). Whatever changes them, by any path (admin, CLI, a restore), tells every process on the
-- 'threshold_cache' channel, with the site's id, once the change commits.
CREATE FUNCTION threshold_cache_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'site' THEN
    PERFORM pg_notify('threshold_cache', CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END::text);
  ELSE
    PERFORM pg_notify('threshold_cache', CASE WHEN TG_OP = 'DELETE' THEN OLD.site_id ELSE NEW.site_id END::text);
    IF TG_OP = 'UPDATE' AND OLD.site_id IS DISTINCT FROM NEW.site_id THEN
      PERFORM pg_notify('threshold_cache', OLD.site_id::text);
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER site_cache_notify AFTER INSERT OR UPDATE OR DELETE ON site
  FOR EACH ROW EXECUTE FUNCTION threshold_cache_notify();
--> statement-breakpoint
CREATE TRIGGER policy_document_cache_notify AFTER INSERT OR UPDATE OR DELETE ON policy_document
  FOR EACH ROW EXECUTE FUNCTION threshold_cache_notify();
