-- A million visits for bench/visit-log.mjs: five sites of different sizes and time zones over three years,
-- daytime sign-ins, escorts confirming within minutes, handovers, and a small share of every kind of exception.
-- :visits is the number of visits; random() is seeded so every run builds the same log.
select setseed(0.42);

insert into organisation (id, name) values ('00000000-0000-4000-8000-000000000001', 'Bench organisation');

insert into site (id, organisation_id, name, timezone)
select ('00000000-0000-4000-8001-00000000000' || n)::uuid, '00000000-0000-4000-8000-000000000001',
       'Bench site ' || n, tz
from (values (1, 'Europe/London'), (2, 'Asia/Phnom_Penh'), (3, 'America/New_York'), (4, 'Europe/Berlin'),
             (5, 'Australia/Sydney')) s(n, tz);

create temporary table bench_names as select array[
  'Ana', 'Ben', 'Chloé', 'Dara', 'Elena', 'Farid', 'Grace', 'Hannah', 'Ines', 'James', 'Kofi', 'Lina', 'Marie',
  'Noah', 'Olga', 'Priya', 'Quentin', 'Rosa', 'Sokha', 'Tomás', 'Uma', 'Victor', 'Wen', 'Ximena', 'Yusuf', 'Zoë',
  'Amara', 'Bilal', 'Chantal', 'Dmitri', 'Esther', 'Fatima', 'Gareth', 'Hiroshi', 'Isla', 'Jonas', 'Kavya',
  'Luca', 'Malak', 'Nikolai', 'Oren', 'Pilar', 'Rhys', 'Sana', 'Theo', 'Ugo', 'Vera', 'Willa', 'Yara', 'Zain',
  'សុខា', 'ដារា', 'Ánh', 'Łukasz', 'Søren', 'Aoife', 'Björn', 'Céline', 'Dáire', 'Émile'] as f,
  array[
  'Smith', 'Jones', 'Okafor', 'Nguyen', 'Chan', 'Müller', 'García', 'Rossi', 'Kowalski', 'Haddad', 'Mensah',
  'Sok', 'Chea', 'Patel', 'Khan', 'O''Brien', 'Ivanova', 'Silva', 'Dubois', 'Novak', 'Andersen', 'Kim', 'Tanaka',
  'Ahmed', 'Hughes', 'Evans', 'Reyes', 'Costa', 'Schmidt', 'Jensen', 'Murphy', 'Kelly', 'Walsh', 'Byrne',
  'Santos', 'Lopez', 'Martin', 'Bernard', 'Curie', 'Hopper', 'Lovelace', 'Turing', 'Franklin', 'Meitner',
  'Noether', 'Ride', 'Sagan', 'Tesla', 'Volta', 'Watt', 'Yalow', 'Zuse', 'Đặng', 'Lê', 'Phạm', 'Ó Súilleabháin',
  'Fernández', 'Nørgaard', 'Łęcki', 'Ollivier'] as l;

-- 25 escorts and a coordinator per site.
insert into staff (id, organisation_id, name, email)
select 'bench-staff-' || s || '-' || j, '00000000-0000-4000-8000-000000000001',
       f[1 + (s * 7 + j) % 60] || ' ' || l[1 + (s * 11 + j * 3) % 60],
       'bench-staff-' || s || '-' || j || '@bench.threshold.local'
from generate_series(1, 5) s, generate_series(0, 25) j, bench_names;
insert into staff_role (staff_id, site_id, role)
select 'bench-staff-' || s || '-' || j, ('00000000-0000-4000-8001-00000000000' || s)::uuid,
       case when j = 0 then 'coordinator' else 'escort' end
from generate_series(1, 5) s, generate_series(0, 25) j;

insert into policy_document (organisation_id, site_id, kind, language, version, title, body, sha256, published_at)
select '00000000-0000-4000-8000-000000000001', ('00000000-0000-4000-8001-00000000000' || s)::uuid, k, 'en', 1,
       k, 'Bench text of ' || k, encode(sha256(convert_to('Bench text of ' || k, 'UTF8')), 'hex'),
       now() - interval '4 years'
from generate_series(1, 5) s,
     unnest(array['visitor_confidentiality_form', 'confidentiality_policy', 'disclosure_policy',
                  'no_photography_statement']) k;

-- @seal

-- Site n gets a share of the visits by size; sign-ins fall between 08:00 and 18:00 site time on 1,096 days, and
-- the newest 20 visits of each site are still on site.
create temporary table bench_visit as
select g, site_no,
       (((current_date - 1095 + (g * 1096 / :visits)::int)::timestamp + interval '8 hours'
          + random() * interval '10 hours') at time zone tz)::timestamptz as signed_in_at,
       interval '20 minutes' + random() * interval '3 hours' as stay,
       random() as r
from (select g, case when g % 100 < 35 then 1 when g % 100 < 60 then 2 when g % 100 < 80 then 3
                     when g % 100 < 92 then 4 else 5 end as site_no
      from generate_series(1::bigint, :visits) g) x
join (values (1, 'Europe/London'), (2, 'Asia/Phnom_Penh'), (3, 'America/New_York'), (4, 'Europe/Berlin'),
             (5, 'Australia/Sydney')) t(n, tz) on t.n = x.site_no;
delete from bench_visit where signed_in_at > now() - interval '5 minutes';

-- Visitor details are stored encrypted: every distinct value was sealed by the application (bench_sealed, filled
-- by bench/visit-log.mjs at the @seal marker) and is looked up here.
insert into visit (id, organisation_id, site_id, idempotency_key, visitor_name, visitor_name_index,
                   visitor_organisation, category, purpose, host_name, language, state, visit_code, signed_in_at,
                   signed_out_at)
select md5('visit' || g)::uuid, '00000000-0000-4000-8000-000000000001',
       ('00000000-0000-4000-8001-00000000000' || site_no)::uuid, md5('key' || g)::uuid,
       n.sealed, n.idx, (select sealed from bench_sealed where plain = 'Organisation ' || (g % 500)),
       (array['researcher', 'donor', 'sponsor', 'volunteer', 'student_placement',
       'professional_other_agency', 'contractor', 'other'])[1 + (g % 8)],
       (select sealed from bench_sealed where plain = 'Bench visit'),
       (select sealed from bench_sealed where plain = 'Host ' || (g % 40)), 'en',
       case when on_site then 'escorted' when r < 0.002 then 'departure_unconfirmed' else 'signed_out' end,
       upper(substr(md5('code' || g), 1, 6)), signed_in_at,
       case when on_site or r < 0.002 then null else signed_in_at + stay end
from (select *, row_number() over (partition by site_no order by signed_in_at desc) <= 20 as on_site
      from bench_visit) b
     cross join bench_names
     join bench_sealed n on n.plain = f[1 + (g * 7919) % 60] || ' ' || l[1 + (g * 104729 / 60) % 60];

-- The form signed at 99.7% of visits, every acknowledgement at 99.7%.
insert into visit_signature (visit_id, document_id, document_sha256, typed_name, signature_png, signed_at)
select v.id, d.id, d.sha256, v.visitor_name, (select sealed from bench_sealed where plain = 'signature png'),
       v.signed_in_at
from visit v join policy_document d on d.site_id = v.site_id and d.kind = 'visitor_confidentiality_form'
where v.organisation_id = '00000000-0000-4000-8000-000000000001' and random() >= 0.003;
insert into visit_acknowledgement (visit_id, document_id, kind, document_sha256, acknowledged_at)
select v.id, d.id, case when d.kind = 'no_photography_statement' then 'no_photography' else 'policy_received' end,
       d.sha256, v.signed_in_at
from visit v join policy_document d on d.site_id = v.site_id and d.kind <> 'visitor_confidentiality_form'
where v.organisation_id = '00000000-0000-4000-8000-000000000001' and random() >= 0.001;

-- One escort per visit, confirming within 4 minutes; 1% never assigned, 2% never confirmed, 1% handed over.
create temporary table bench_escort as
select v.id, v.site_id, v.signed_in_at, v.signed_out_at, random() as r, 1 + floor(random() * 25)::int as e,
       right(v.site_id::text, 1) as s
from visit v where v.organisation_id = '00000000-0000-4000-8000-000000000001';
insert into escort_assignment (visit_id, staff_id, assigned_at, confirmed_at, confirmed_via, ended_at, end_reason)
select id, 'bench-staff-' || s || '-' || e, signed_in_at,
       case when r < 0.03 then null else signed_in_at + interval '30 seconds' + (r * 3.5) * interval '1 minute' end,
       case when r < 0.03 then null else 'phone' end,
       case when r < 0.04 then signed_in_at + (signed_out_at - signed_in_at) / 2 else signed_out_at end,
       case when signed_out_at is null then null when r < 0.04 then 'handed_over' else 'signed_out' end
from bench_escort where r >= 0.01;
insert into escort_assignment (visit_id, staff_id, assigned_at, confirmed_at, confirmed_via, ended_at, end_reason)
select id, 'bench-staff-' || s || '-' || (1 + e % 25), signed_in_at + (signed_out_at - signed_in_at) / 2,
       signed_in_at + (signed_out_at - signed_in_at) / 2, 'handover', signed_out_at, 'signed_out'
from bench_escort where r >= 0.03 and r < 0.04 and signed_out_at is not null;
