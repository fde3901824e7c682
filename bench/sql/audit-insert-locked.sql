-- The rejected design: the same event, linked into the chain at insert. The organisation's chain-head row stays
-- locked from the SELECT … FOR UPDATE until COMMIT, so sign-ins of one organisation queue behind each other. It is
-- taken last, as late as the design allows, which is the most favourable case for it.
SELECT seq AS head_seq, hash AS head_hash FROM bench_chain_head WHERE organisation_id = :org FOR UPDATE \gset
INSERT INTO audit_event (organisation_id, site_id, actor_type, actor_id, type, visit_id, data, seq, prev_hash, hash)
SELECT organisation_id, site_id, actor_type, actor_id, type, visit_id, data, :head_seq::bigint + 1, :head_hash::text,
       encode(sha256(convert_to(:head_hash::text || to_jsonb(e)::text, 'UTF8')), 'hex')
  FROM (SELECT :org::uuid AS organisation_id, :site::uuid AS site_id, 'kiosk' AS actor_type, :kiosk::text AS actor_id,
               'visit.signed_in' AS type, :visit_id::uuid AS visit_id, now() AS occurred_at,
               jsonb_build_object('category', 'researcher', 'language', 'en', 'formDocumentId', :form::text,
                                  'acknowledgedDocumentIds', jsonb_build_array(:conf::text, :disc::text, :nophoto::text),
                                  'hostMatched', false, 'copyEmailed', false, 'signatureReused', false) AS data) e
RETURNING seq AS new_seq, hash AS new_hash \gset
UPDATE bench_chain_head SET seq = :new_seq, hash = :new_hash WHERE organisation_id = :org;
