-- writeAudit: a plain INSERT of the visit.signed_in event (ids and flags only); seq and hash stay null for the sealer.
INSERT INTO audit_event (organisation_id, site_id, actor_type, actor_id, type, visit_id, data)
VALUES (:org, :site, 'kiosk', :kiosk::text, 'visit.signed_in', :visit_id,
        jsonb_build_object('category', 'researcher', 'language', 'en', 'formDocumentId', :form::text,
                           'acknowledgedDocumentIds', jsonb_build_array(:conf::text, :disc::text, :nophoto::text),
                           'hostMatched', false, 'copyEmailed', false, 'signatureReused', false));
