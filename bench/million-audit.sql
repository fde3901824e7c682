-- The audit trail of bench/visit-log-data.sql's visits, about five events a visit as the application writes them
-- (ids and enums only): the kiosk's sign-in and sign-out, each escort's assignment and confirmation, handovers, a
-- coordinator opening some records, and a monthly export of the busiest site. Rows go into bench_audit (an unlogged
-- work table) in time order; bench/million-data.mjs hashes them into the chain and moves them into audit_event.
-- :base is the highest audit_event id already used.
select setseed(0.17);

-- Two kiosks per site, so the timeline resolves a kiosk's name as it does for real ones.
insert into kiosk_device (id, organisation_id, site_id, name, token_hash)
select md5('kiosk' || s || '-' || k)::uuid, '00000000-0000-4000-8000-000000000001',
       ('00000000-0000-4000-8001-00000000000' || s)::uuid, 'Entrance ' || k, md5('token' || s || '-' || k)
from generate_series(1, 5) s, generate_series(1, 2) k;

create unlogged table bench_audit_raw as
select v.id as visit_id, v.site_id, v.signed_in_at as at, 1 as ord, 'kiosk' as actor_type,
       md5('kiosk' || right(v.site_id::text, 1) || '-' || (1 + (hashtext(v.id::text) & 1)))::text as actor_id,
       'visit.signed_in' as type,
       jsonb_build_object('category', v.category, 'language', v.language, 'formDocumentId', f.id,
                          'acknowledgedDocumentIds', a.ids, 'copyEmailed', false, 'signatureReused', false) as data
from visit v
join policy_document f on f.site_id = v.site_id and f.kind = 'visitor_confidentiality_form'
join (select site_id, jsonb_agg(id order by id) as ids from policy_document
      where kind <> 'visitor_confidentiality_form' group by site_id) a on a.site_id = v.site_id
union all
select e.visit_id, v.site_id, e.assigned_at, 2,
       case when e.confirmed_via = 'handover' then 'staff' else 'system' end,
       case when e.confirmed_via = 'handover' then e.staff_id end,
       case when e.confirmed_via = 'handover' then 'escort.handover_accepted' else 'escort.assigned' end,
       case when e.confirmed_via = 'handover'
         then jsonb_build_object('fromStaffId', 'bench-staff-' || right(v.site_id::text, 1) || '-1',
                                 'toStaffId', e.staff_id)
         else jsonb_build_object('staffId', e.staff_id, 'previousStaffId', null, 'how', 'host_match') end
from escort_assignment e join visit v on v.id = e.visit_id
union all
select e.visit_id, v.site_id, e.confirmed_at, 3, 'staff', e.staff_id, 'escort.confirmed',
       jsonb_build_object('staffId', e.staff_id, 'via', 'phone')
from escort_assignment e join visit v on v.id = e.visit_id
where e.confirmed_at is not null and e.confirmed_via = 'phone'
union all
select v.id, v.site_id, v.signed_out_at, 4, 'kiosk',
       md5('kiosk' || right(v.site_id::text, 1) || '-1')::text, 'visit.signed_out', '{"via": "kiosk"}'::jsonb
from visit v where v.signed_out_at is not null
union all
-- A coordinator opens most records within the week.
select v.id, v.site_id, v.signed_in_at + random() * interval '7 days', 5, 'staff',
       'bench-staff-' || right(v.site_id::text, 1) || '-0', 'visit.viewed',
       jsonb_build_object('what', (array['detail', 'timeline', 'signed_form'])[1 + floor(random() * 3)::int])
from visit v where random() < 0.7
union all
-- The busiest site's coordinator exports each month on the 3rd of the next.
select null, s.id, m + interval '1 month 2 days 10 hours', 6, 'staff', 'bench-staff-1-0', 'visits.exported',
       jsonb_build_object('from', m, 'to', m + interval '1 month', 'count', 9000, 'via', 'admin',
                          'exportId', md5('export' || m)::uuid, 'reason', 'compliance_review')
from site s, generate_series(date_trunc('month', now() - interval '3 years'), now() - interval '2 months',
                             interval '1 month') m
where s.id = '00000000-0000-4000-8001-000000000001';

create unlogged table bench_audit as
select :base + row_number() over (order by at, ord, visit_id) as id, '00000000-0000-4000-8000-000000000001'::uuid
         as organisation_id, site_id, at as occurred_at, actor_type, actor_id, type, visit_id, data
from bench_audit_raw where at < now() - interval '1 minute';
drop table bench_audit_raw;
alter table bench_audit add primary key (id);
create unlogged table bench_chain (id bigint primary key, seq bigint not null, prev_hash text, hash text not null);
