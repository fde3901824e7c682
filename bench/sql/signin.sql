-- The sign-in transaction's rows, as signInVisitor writes them: the visit, the signature on the form (a finger
-- signature is 10–60 KB of PNG) and the three acknowledgements. bench/audit-chain.mjs wraps it in BEGIN … COMMIT,
-- with or without an audit part after it.
INSERT INTO visit (organisation_id, site_id, kiosk_device_id, idempotency_key, visitor_name, visitor_organisation,
                   category, purpose, host_name, language, state, visit_code)
VALUES (:org, :site, :kiosk, gen_random_uuid(), 'Bench Visitor', 'Bench Trust', 'researcher', 'Meeting', 'Bench Host',
        'en', 'awaiting_escort', upper(substr(md5(random()::text), 1, 12)))
ON CONFLICT (kiosk_device_id, idempotency_key) DO NOTHING
RETURNING id AS visit_id \gset
INSERT INTO visit_signature (visit_id, document_id, document_sha256, typed_name, signature_png, signed_at)
SELECT :visit_id, :form, :form_sha, 'Bench Visitor', png, now() FROM bench_signature_png;
INSERT INTO visit_acknowledgement (visit_id, document_id, kind, document_sha256, acknowledged_at)
VALUES (:visit_id, :conf, 'policy_received', :conf_sha, now()),
       (:visit_id, :disc, 'policy_received', :disc_sha, now()),
       (:visit_id, :nophoto, 'no_photography', :nophoto_sha, now());
