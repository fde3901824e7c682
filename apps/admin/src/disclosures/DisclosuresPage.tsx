import { useQuery } from '@tanstack/react-query';
import { Button, SelectField, TextField } from '@threshold/ui';
import { type ConsentState, consentLabels, consentStates } from '@threshold/validators';
import { useState } from 'react';
import { useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';
import { formatDay } from '../time.ts';
import { DisclosureDetail } from './DisclosureDetail.tsx';
import { DisclosureExport } from './DisclosureExport.tsx';
import { DisclosureForm } from './DisclosureForm.tsx';
import { emptyDraft } from './disclosure-types.ts';
import './disclosures.css';

/** Today as YYYY-MM-DD at the site. */
function siteToday(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
}

const consentOptions: { value: ConsentState | ''; label: string }[] = [
  { value: '', label: 'Any' },
  ...consentStates.map((value) => ({ value, label: consentLabels[value] })),
];

/**
 * The disclosure register (policy 001): every request for information from another agency or person. The list is
 * filtered by date received and consent on the server; the agency filter narrows what is shown and never enters
 * the address. A request opened has its own address (`openId`).
 */
export function DisclosuresPage({
  siteId,
  timeZone,
  openId,
  onOpen,
}: {
  siteId: string;
  timeZone: string;
  openId: string | null;
  onOpen: (id: string | null) => void;
}) {
  const trpc = useTRPC();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [consent, setConsent] = useState<ConsentState | ''>('');
  const [agency, setAgency] = useState('');
  const [recording, setRecording] = useState(false);
  const filter = {
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(consent ? { consent } : {}),
  };
  const list = useQuery(trpc.disclosures.list.queryOptions({ siteId, ...filter }));
  const filterErrors = formErrorsOf(list.error, ['from', 'to']);
  const agencyWords = agency.trim().toLocaleLowerCase();
  const rows = (list.data ?? []).filter((d) => d.agency.toLocaleLowerCase().includes(agencyWords));

  return (
    <section className="disclosures" aria-labelledby="disclosures-title">
      <h1 id="disclosures-title">Disclosure register</h1>
      <p>Every request for information about someone, from an agency or a person, whatever was decided.</p>
      {openId !== null ? (
        <DisclosureDetail siteId={siteId} timeZone={timeZone} id={openId} onClose={() => onOpen(null)} />
      ) : recording ? (
        <DisclosureForm
          siteId={siteId}
          timeZone={timeZone}
          id={null}
          initial={emptyDraft(siteToday(timeZone))}
          onSaved={(id) => {
            setRecording(false);
            onOpen(id);
          }}
          onCancel={() => setRecording(false)}
        />
      ) : (
        <>
          <Button onClick={() => setRecording(true)}>Record a request</Button>
          <section className="admin-panel" aria-labelledby="disclosure-list-title">
            <h2 id="disclosure-list-title">Requests</h2>
            <div className="disclosures__filters">
              <TextField
                label="Received from"
                type="date"
                value={from}
                onChange={(e) => setFrom(e.target.value)}
                error={filterErrors.fields.from}
              />
              <TextField
                label="Received to"
                type="date"
                value={to}
                onChange={(e) => setTo(e.target.value)}
                error={filterErrors.fields.to}
              />
              <SelectField label="Consent" value={consent} options={consentOptions} onChange={setConsent} />
              <TextField label="Agency contains" value={agency} onChange={(e) => setAgency(e.target.value)} />
            </div>
            {list.isPending ? <p role="status">Loading the register…</p> : null}
            {list.isSuccess && rows.length === 0 ? <p>No requests match.</p> : null}
            {rows.length > 0 ? (
              <div className="disclosures__table">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Received</th>
                      <th scope="col">From</th>
                      <th scope="col">Agency</th>
                      <th scope="col">Consent</th>
                      <th scope="col">Told</th>
                      <th scope="col">Released</th>
                      <th scope="col">Decided by</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((d) => (
                      <tr key={d.id}>
                        <td>{formatDay(d.receivedOn)}</td>
                        <td>
                          <Button variant="link" onClick={() => onOpen(d.id)}>
                            {d.requesterName}
                          </Button>
                        </td>
                        <td>{d.agency}</td>
                        <td>{consentLabels[d.consent]}</td>
                        <td>{d.toldOn ? formatDay(d.toldOn) : 'Not told'}</td>
                        <td>{d.releasedOn ? formatDay(d.releasedOn) : 'Nothing'}</td>
                        <td>{d.decidedByName}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </section>
          <DisclosureExport siteId={siteId} filter={filter} />
        </>
      )}
    </section>
  );
}
