import { describe, expect, it } from 'vitest';
import { englishDefaults } from '../../../packages/api/src/documents/defaults/en.ts';
import { khmerDefaults } from '../../../packages/api/src/documents/defaults/km.ts';
import { documentBlocks } from './document-blocks.ts';

const headingsOf = (body: string) => documentBlocks(body).flatMap((b) => (b.kind === 'heading' ? [b.text] : []));

describe('documentBlocks', () => {
  it('finds the sub-headings of the default visitor form, and keeps its numbered list as one paragraph', () => {
    const form = englishDefaults.find((d) => d.kind === 'visitor_confidentiality_form');
    const blocks = documentBlocks(form?.body ?? '');
    expect(headingsOf(form?.body ?? '')).toEqual([
      'Why we ask you to sign this',
      'What you agree to',
      'What we do with your information',
    ]);
    expect(blocks.filter((b) => b.kind === 'paragraph' && b.text.startsWith('1. '))).toHaveLength(1);
  });

  it('finds the same number of sub-headings in each Khmer default as in its English original', () => {
    for (const english of englishDefaults) {
      const khmer = khmerDefaults.find((d) => d.kind === english.kind);
      expect(headingsOf(khmer?.body ?? '').length, english.kind).toBe(headingsOf(english.body).length);
    }
    const policy = khmerDefaults.find((d) => d.kind === 'confidentiality_policy');
    expect(headingsOf(policy?.body ?? '')[0]).toBe('ការសន្យារបស់យើង');
  });

  it('leaves sentences, list items, long lines and a closing line as paragraphs', () => {
    const body = [
      'Please keep your phone away.',
      '1. One item',
      '• A bullet',
      'x'.repeat(101),
      'Questions go to the coordinator។',
      'Thank you',
    ].join('\n\n');
    expect(headingsOf(body)).toEqual([]);
  });

  it('reads Windows line ends and blank lines holding spaces as paragraph breaks', () => {
    expect(documentBlocks('Our promise\r\n  \r\nWe keep it safe.')).toEqual([
      { kind: 'heading', text: 'Our promise' },
      { kind: 'paragraph', text: 'We keep it safe.' },
    ]);
  });
});
