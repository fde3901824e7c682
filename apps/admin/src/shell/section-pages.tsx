import { useNavigate, useParams } from '@tanstack/react-router';
import { MyAccountPage } from '../account/MyAccountPage.tsx';
import { AuditPage } from '../audit/AuditPage.tsx';
import { DenyListPage } from '../deny-list/DenyListPage.tsx';
import { DisclosuresPage } from '../disclosures/DisclosuresPage.tsx';
import { DisplaysPanel } from '../display/DisplaysPanel.tsx';
import { FormsPoliciesPage } from '../documents/FormsPoliciesPage.tsx';
import { type OpenedDocument, openedDocument } from '../documents/opened-document.ts';
import { EscortPage } from '../escorts/EscortPage.tsx';
import { EscortsPage } from '../escorts/EscortsPage.tsx';
import { KiosksPanel } from '../kiosks/KiosksPanel.tsx';
import { OutboxPage } from '../outbox/OutboxPage.tsx';
import { ReportsPage } from '../reports/ReportsPage.tsx';
import { RetentionPage } from '../retention/RetentionPage.tsx';
import { RollCallPage } from '../roll-call/RollCallPage.tsx';
import { ConcernsPage } from '../safeguarding/ConcernsPage.tsx';
import { SiteSettingsPage } from '../settings/SiteSettingsPage.tsx';
import { StaffPage } from '../staff/StaffPage.tsx';
import { SubjectAccessPage } from '../subject-access/SubjectAccessPage.tsx';
import { can, Guarded } from './guarded.tsx';
import { NoAccess } from './NoAccess.tsx';
import { type SiteScope, useMe } from './site-context.tsx';

/** A past roll call the address names (`…/roll-call/history/<id>`): coordinators only, like the history. */
function RollCallWithAddress({ site }: { site: SiteScope }) {
  const { rollCallId } = useParams({ strict: false });
  const navigate = useNavigate();
  const siteId = site.siteId;
  if (rollCallId && !can('rollCallHistory', site)) return <NoAccess />;
  const view = (id: string | null) => {
    if (id === null) void navigate({ to: '/sites/$siteId/roll-call', params: { siteId } });
    else void navigate({ to: '/sites/$siteId/roll-call/history/$rollCallId', params: { siteId, rollCallId: id } });
  };
  return (
    <RollCallPage
      siteId={siteId}
      timeZone={site.timeZone}
      canSeeHistory={can('rollCallHistory', site)}
      viewing={rollCallId ?? null}
      onView={view}
    />
  );
}

export const RollCallSection = () => (
  <Guarded section="rollCall" page={(site) => <RollCallWithAddress site={site} />} />
);

export const MineSection = () => <Guarded section="mine" page={(site) => <EscortPage siteId={site.siteId} />} />;

export const EscortsSection = () => (
  <Guarded
    section="escorts"
    page={(site) => <EscortsPage siteId={site.siteId} canRecordTraining={can('recordTraining', site)} />}
  />
);

export const ReportsSection = () => (
  <Guarded section="reports" page={(site) => <ReportsPage siteId={site.siteId} timeZone={site.timeZone} />} />
);

/** A message the address names (`…/outbox/messages/<id>`): its content is visit details, so openVisit's roles. */
function OutboxWithAddress({ site }: { site: SiteScope }) {
  const { messageId } = useParams({ strict: false });
  const navigate = useNavigate();
  const siteId = site.siteId;
  if (messageId && !can('openVisit', site)) return <NoAccess />;
  const open = (id: string | null) => {
    if (id === null) void navigate({ to: '/sites/$siteId/outbox', params: { siteId } });
    else void navigate({ to: '/sites/$siteId/outbox/messages/$messageId', params: { siteId, messageId: id } });
  };
  return (
    <OutboxPage
      siteId={siteId}
      timeZone={site.timeZone}
      canOpen={can('openVisit', site)}
      canResend={can('resendEmail', site)}
      openMessage={messageId ?? null}
      onOpenMessage={open}
    />
  );
}

export const OutboxSection = () => <Guarded section="outbox" page={(site) => <OutboxWithAddress site={site} />} />;

export const StaffSection = () => {
  const me = useMe();
  return <Guarded section="staff" page={(site) => <StaffPage siteId={site.siteId} myStaffId={me.id} />} />;
};

export const KiosksSection = () => (
  <Guarded
    section="kiosks"
    page={(site) => (
      <>
        <KiosksPanel siteId={site.siteId} timeZone={site.timeZone} />
        <DisplaysPanel siteId={site.siteId} timeZone={site.timeZone} />
      </>
    )}
  />
);

/** A document's editor or history the address names (`…/documents/<kind>/<language>/edit|history`). */
function DocumentsWithAddress({ site }: { site: SiteScope }) {
  const params = useParams({ strict: false });
  const navigate = useNavigate();
  const siteId = site.siteId;
  const canEdit = can('editDocuments', site);
  const opened = openedDocument(params);
  if (opened === 'unknown' || (opened?.view === 'edit' && !canEdit)) return <NoAccess />;
  const open = (next: OpenedDocument | null) => {
    if (next === null) void navigate({ to: '/sites/$siteId/documents', params: { siteId } });
    else {
      void navigate({
        to: '/sites/$siteId/documents/$kind/$language/$view',
        params: { siteId, kind: next.slot.kind, language: next.slot.language, view: next.view },
      });
    }
  };
  return <FormsPoliciesPage siteId={siteId} timeZone={site.timeZone} canEdit={canEdit} open={opened} onOpen={open} />;
}

export const DocumentsSection = () => (
  <Guarded section="documents" page={(site) => <DocumentsWithAddress site={site} />} />
);

export const SettingsSection = () => (
  <Guarded section="settings" page={(site) => <SiteSettingsPage siteId={site.siteId} />} />
);

/** The trail narrowed by the address to one visit (`…/audit/visits/<id>`) or one member of staff (`…/staff/<id>`). */
function AuditWithAddress({ site }: { site: SiteScope }) {
  const { visitId, staffId } = useParams({ strict: false });
  return (
    <AuditPage
      siteId={site.siteId}
      timeZone={site.timeZone}
      canOpenVisit={can('openVisit', site)}
      visitId={visitId ?? null}
      actorStaffId={staffId ?? null}
    />
  );
}

export const AuditSection = () => <Guarded section="audit" page={(site) => <AuditWithAddress site={site} />} />;

/** A request the address names (`…/disclosures/<id>`); the section is coordinators' only, so no further check. */
function DisclosuresWithAddress({ site }: { site: SiteScope }) {
  const { disclosureId } = useParams({ strict: false });
  const navigate = useNavigate();
  const siteId = site.siteId;
  const open = (id: string | null) => {
    if (id === null) void navigate({ to: '/sites/$siteId/disclosures', params: { siteId } });
    else void navigate({ to: '/sites/$siteId/disclosures/$disclosureId', params: { siteId, disclosureId: id } });
  };
  return <DisclosuresPage siteId={siteId} timeZone={site.timeZone} openId={disclosureId ?? null} onOpen={open} />;
}

export const DisclosuresSection = () => (
  <Guarded section="disclosures" page={(site) => <DisclosuresWithAddress site={site} />} />
);

export const DenyListSection = () => (
  <Guarded section="denyList" page={(site) => <DenyListPage siteId={site.siteId} timeZone={site.timeZone} />} />
);

export const ConcernsSection = () => (
  <Guarded section="concerns" page={(site) => <ConcernsPage siteId={site.siteId} timeZone={site.timeZone} />} />
);

export const SubjectAccessSection = () => (
  <Guarded section="subjectAccess" page={(site) => <SubjectAccessPage siteId={site.siteId} />} />
);

export const RetentionSection = () => (
  <Guarded
    section="retention"
    page={(site) => <RetentionPage siteId={site.siteId} timeZone={site.timeZone} canSet={can('setRetention', site)} />}
  />
);

export const AccountSection = () => (
  <Guarded section="account" page={(site) => <MyAccountPage siteId={site.siteId} />} />
);
