import { FieldSet } from '@threshold/ui';
import { type StaffRole, staffRoles } from '@threshold/validators';

const labels: Record<StaffRole, { label: string; hint: string }> = {
  admin: { label: 'Admin', hint: 'staff accounts, kiosks, forms and settings' },
  coordinator: { label: 'Coordinator', hint: 'visits, escorts, alerts and reports' },
  reception: { label: 'Reception', hint: 'the live board and assigning escorts' },
  escort: { label: 'Escort', hint: 'accompanies visitors; sees only their own' },
};

export const roleLabel = (role: StaffRole) => labels[role].label;

/** The four roles as large checkboxes, with what each one may do. */
export function RoleChoices({
  legend,
  value,
  onChange,
  error,
}: {
  legend: string;
  value: StaffRole[];
  onChange: (roles: StaffRole[]) => void;
  error?: string | undefined;
}) {
  const toggle = (role: StaffRole, on: boolean) =>
    onChange(on ? staffRoles.filter((r) => r === role || value.includes(r)) : value.filter((r) => r !== role));
  return (
    <FieldSet legend={legend} error={error} className="admin-roles">
      {staffRoles.map((role) => (
        <label key={role} className="admin-roles__choice">
          <input type="checkbox" checked={value.includes(role)} onChange={(e) => toggle(role, e.target.checked)} />
          <span>
            {labels[role].label} <span className="admin-note">— {labels[role].hint}</span>
          </span>
        </label>
      ))}
    </FieldSet>
  );
}
