import { FieldSet } from '@threshold/ui';
import { type StaffRole, staffRoles, visitReadingRoles } from '@threshold/validators';

const labels: Record<StaffRole, { label: string; hint: string }> = {
  admin: { label: 'Admin', hint: 'staff accounts, kiosks, forms and settings' },
  coordinator: { label: 'Coordinator', hint: 'visits, escorts, alerts and reports' },
  reception: { label: 'Reception', hint: 'the live board and assigning escorts' },
  escort: { label: 'Escort', hint: 'accompanies visitors; sees only their own' },
};

export const roleLabel = (role: StaffRole) => labels[role].label;

const SELF_GRANT_NOTE = 'You cannot give yourself access to visit records. Ask another admin, or your coordinator.';

/**
 * The four roles as large checkboxes, with what each one may do. For one's own account (`own`), the roles that read
 * visits and are not held yet are disabled with the reason: the server refuses them anyway.
 */
export function RoleChoices({
  legend,
  value,
  onChange,
  error,
  own,
}: {
  legend: string;
  value: StaffRole[];
  onChange: (roles: StaffRole[]) => void;
  error?: string | undefined;
  own?: { held: StaffRole[] } | undefined;
}) {
  const toggle = (role: StaffRole, on: boolean) =>
    onChange(on ? staffRoles.filter((r) => r === role || value.includes(r)) : value.filter((r) => r !== role));
  const locked = (role: StaffRole) =>
    own !== undefined && (visitReadingRoles as readonly StaffRole[]).includes(role) && !own.held.includes(role);
  return (
    <FieldSet legend={legend} error={error} className="admin-roles">
      {staffRoles.map((role) => (
        <label
          key={role}
          className={locked(role) ? 'admin-roles__choice admin-roles__choice--locked' : 'admin-roles__choice'}
        >
          <input
            type="checkbox"
            checked={value.includes(role)}
            disabled={locked(role)}
            aria-describedby={locked(role) ? 'admin-roles-self-note' : undefined}
            onChange={(e) => toggle(role, e.target.checked)}
          />
          <span>
            {labels[role].label} <span className="admin-note">— {labels[role].hint}</span>
          </span>
        </label>
      ))}
      {own && staffRoles.some(locked) ? (
        <p id="admin-roles-self-note" className="admin-note admin-roles__self-note">
          {SELF_GRANT_NOTE}
        </p>
      ) : null}
    </FieldSet>
  );
}
