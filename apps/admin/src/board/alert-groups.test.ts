import { describe, expect, it } from 'vitest';
import { groupAlerts, groupSummary } from './alert-groups.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 4, 10, minute));
const alert = (id: string, kind: string, minute: number) => ({ id, kind, raisedAt: at(minute) });

describe('groupAlerts', () => {
  it('groups by kind, oldest first within a group, groups by urgency then by their oldest alert', () => {
    const groups = groupAlerts([
      alert('o2', 'overrun', 5),
      alert('a1', 'visit_access_granted', 1),
      alert('u2', 'unescorted', 30),
      alert('o1', 'overrun', 2),
      alert('d1', 'escort_deactivated', 20),
      alert('u1', 'unescorted', 25),
      alert('x1', 'some_future_kind', 0),
    ]);
    expect(groups.map((g) => [g.kind, g.alerts.map((a) => a.id), g.oldest])).toEqual([
      // Same urgency: the group whose oldest alert is older comes first.
      ['escort_deactivated', ['d1'], at(20)],
      ['unescorted', ['u1', 'u2'], at(25)],
      ['overrun', ['o1', 'o2'], at(2)],
      ['visit_access_granted', ['a1'], at(1)],
      ['some_future_kind', ['x1'], at(0)],
    ]);
  });

  it('gives nothing for no alerts', () => {
    expect(groupAlerts([])).toEqual([]);
  });
});

describe('groupSummary', () => {
  it('says the count and how long the oldest has waited', () => {
    expect(groupSummary(13, '1 h 5 min')).toBe('13 alerts, oldest 1 h 5 min ago');
    expect(groupSummary(1, '4 min')).toBe('1 alert, raised 4 min ago');
    expect(groupSummary(2, 'just now')).toBe('2 alerts, oldest just now');
  });
});
