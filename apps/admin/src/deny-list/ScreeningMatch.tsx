import type { RouterOutputs } from '@threshold/api';
import { formatDay } from '../time.ts';

type Match = RouterOutputs['denyList']['waiting'][number]['matches'][number];

/**
 * One deny-list entry a held visitor matched, beside what the visitor typed: the entry's other names and date of
 * birth are what tell the person on the list from a namesake (the kiosk never asks a visitor's date of birth).
 */
export function ScreeningMatch({ typedName, match }: { typedName: string; match: Match }) {
  return (
    <dl className="admin-facts deny-list__match" aria-label={`Compared with the entry ${match.fullName}`}>
      <dt>Typed at the kiosk</dt>
      <dd>
        <bdi>{typedName}</bdi>
      </dd>
      <dt>Name on the deny list</dt>
      <dd>
        <bdi>{match.fullName}</bdi>
      </dd>
      <dt>Also known as</dt>
      <dd>{match.aliases.length > 0 ? <bdi>{match.aliases.join(', ')}</bdi> : 'No other names recorded'}</dd>
      <dt>Date of birth on the list</dt>
      <dd>
        {match.dateOfBirth ? (
          <>
            {formatDay(match.dateOfBirth)}{' '}
            <span className="admin-note">
              (the kiosk does not ask visitors; compare with their ID if reception can)
            </span>
          </>
        ) : (
          'Not recorded'
        )}
      </dd>
      <dt>Why they are on the list</dt>
      <dd dir="auto">{match.reason}</dd>
    </dl>
  );
}
