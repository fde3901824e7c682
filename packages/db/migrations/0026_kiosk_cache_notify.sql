-- Each server process keeps the kiosk behind a token hash in memory (api/src/cache/kiosk-cache.ts). A revoked,
-- renamed, moved or deleted kiosk, by any path (admin, CLI, a restore), is announced on 'threshold_kiosk' with the
-- device's id once the change commits, so every process refuses a revoked tablet at once. last_seen_at and the
-- heartbeat columns are left out: they change every minute and the cache does not hold them.
CREATE FUNCTION threshold_kiosk_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('threshold_kiosk', OLD.id::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER kiosk_device_cache_notify
  AFTER UPDATE OF revoked_at, token_hash, site_id, organisation_id, name, paired_at OR DELETE ON kiosk_device
  FOR EACH ROW EXECUTE FUNCTION threshold_kiosk_notify();
