import { describe, expect, it } from 'vitest';
import { openedDocument } from './opened-document.ts';

describe('openedDocument', () => {
  it('is none when the address names no document', () => {
    expect(openedDocument({})).toBeNull();
  });

  it('reads a kind, a language and a view', () => {
    expect(openedDocument({ kind: 'staff_policy', language: 'km', view: 'history' })).toEqual({
      slot: { kind: 'staff_policy', language: 'km' },
      view: 'history',
    });
  });

  it('says unknown for what cannot exist, so the page can say so', () => {
    expect(openedDocument({ kind: 'shopping_list', language: 'en', view: 'edit' })).toBe('unknown');
    expect(openedDocument({ kind: 'staff_policy', language: 'en', view: 'delete' })).toBe('unknown');
    expect(openedDocument({ kind: 'staff_policy', language: 'English', view: 'edit' })).toBe('unknown');
  });
});
