import type { DocumentKind } from '@threshold/validators';
import { describe, expect, it } from 'vitest';
import { daysBetween, reviewNotice, showsAgain } from './review-notice.ts';

const doc = (reviewBy: string | null, kind: DocumentKind = 'disclosure_policy', language = 'km') => ({
  kind,
  language,
  version: 2,
  reviewBy,
});

describe('reviewNotice', () => {
  it('is a quiet line 16 days ahead, naming the document, the day and how far off', () => {
    const notice = reviewNotice('2026-12-04', [doc('2026-12-20')]);
    expect(notice?.level).toBe('soon');
    expect(notice?.text).toMatch(
      /^Policy on Disclosure of Information \(Khmer\), version 2: review due .*2026 \(in 16 days\)\.$/,
    );
  });

  it('turns urgent within three days, and overdue once the day has passed', () => {
    expect(reviewNotice('2026-12-04', [doc('2026-12-07')])?.level).toBe('urgent');
    expect(reviewNotice('2026-12-04', [doc('2026-12-08')])?.level).toBe('soon');
    expect(reviewNotice('2026-12-04', [doc('2026-12-05')])?.text).toContain('(tomorrow)');
    expect(reviewNotice('2026-12-04', [doc('2026-12-04')])?.text).toContain('version 2: review due today, ');
    const overdue = reviewNotice('2026-12-04', [doc('2026-12-03')]);
    expect(overdue?.level).toBe('overdue');
    expect(overdue?.text).toContain('version 2: review was due ');
    expect(overdue?.text).toContain('(yesterday)');
  });

  it('speaks of the most pressing document and counts the rest', () => {
    const notice = reviewNotice('2026-12-04', [
      doc('2026-12-30', 'disclosure_policy', 'en'),
      doc('2026-11-30', 'staff_policy', 'en'),
      doc('2026-12-20'),
    ]);
    expect(notice?.level).toBe('overdue');
    expect(notice?.text).toMatch(/^Staff confidentiality and child-protection policy \(English\).* \(4 days ago\)\./);
    expect(notice?.text).toMatch(/ 2 more are due soon\.$/);
  });

  it('says nothing when nothing is due', () => {
    expect(reviewNotice('2026-12-04', [])).toBeNull();
    expect(reviewNotice('2026-12-04', [doc(null)])).toBeNull();
  });
});

describe('showsAgain', () => {
  it('keeps a put-away notice away until it becomes more pressing', () => {
    expect(showsAgain('soon', null)).toBe(true);
    expect(showsAgain('soon', 'soon')).toBe(false);
    expect(showsAgain('urgent', 'soon')).toBe(true);
    expect(showsAgain('overdue', 'urgent')).toBe(true);
    expect(showsAgain('overdue', 'overdue')).toBe(false);
  });
});

describe('daysBetween', () => {
  it('counts calendar days across a month end and a clock change', () => {
    expect(daysBetween('2026-10-20', '2026-11-02')).toBe(13);
    expect(daysBetween('2026-12-04', '2026-12-01')).toBe(-3);
  });
});
