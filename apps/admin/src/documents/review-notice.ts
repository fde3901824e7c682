import type { DocumentKind } from '@threshold/validators';
import { formatDay } from '../time.ts';
import { documentKindLabel, languageLabel } from './document-labels.ts';

/** Within this many days of its review-by date a document's notice turns urgent; before that it is a quiet line. */
export const URGENT_WITHIN_DAYS = 3;

export type NoticeLevel = 'soon' | 'urgent' | 'overdue';
const rank: Record<NoticeLevel, number> = { soon: 0, urgent: 1, overdue: 2 };

export interface DueDocument {
  kind: DocumentKind;
  language: string;
  version: number;
  reviewBy: string | null;
}

export interface ReviewNotice {
  level: NoticeLevel;
  /** One sentence about the most pressing document, and how many more there are. */
  text: string;
}

/** Whole days from one calendar date (YYYY-MM-DD) to another; negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function when(days: number, reviewBy: string): string {
  const day = formatDay(reviewBy);
  if (days < 0) return `review was due ${day} (${-days === 1 ? 'yesterday' : `${-days} days ago`})`;
  if (days === 0) return `review due today, ${day}`;
  return `review due ${day} (${days === 1 ? 'tomorrow' : `in ${days} days`})`;
}

/** The one-line notice for the documents due (the server lists those overdue or due within 30 days), or null. */
export function reviewNotice(today: string, documents: readonly DueDocument[]): ReviewNotice | null {
  const dated = documents.flatMap((d) => (d.reviewBy ? [{ ...d, reviewBy: d.reviewBy }] : []));
  const first = dated.toSorted((a, b) => a.reviewBy.localeCompare(b.reviewBy))[0];
  if (!first) return null;
  const days = daysBetween(today, first.reviewBy);
  const level: NoticeLevel = days < 0 ? 'overdue' : days <= URGENT_WITHIN_DAYS ? 'urgent' : 'soon';
  const others = dated.length - 1;
  const name = `${documentKindLabel[first.kind]} (${languageLabel(first.language)}), version ${first.version}`;
  const more = others === 0 ? '' : others === 1 ? ' One more is due soon.' : ` ${others} more are due soon.`;
  return { level, text: `${name}: ${when(days, first.reviewBy)}.${more}` };
}

/**
 * Whether a notice put away at `dismissed` (for this browser session) shows again at `level`: only when it has
 * become more pressing (due in a few days, then overdue).
 */
export function showsAgain(level: NoticeLevel, dismissed: NoticeLevel | null): boolean {
  return dismissed === null || rank[level] > rank[dismissed];
}

export function isNoticeLevel(value: string | null): value is NoticeLevel {
  return value === 'soon' || value === 'urgent' || value === 'overdue';
}
