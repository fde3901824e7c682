import { z } from 'zod';
import { text } from './text.ts';

/** The site a staff request is about: every staff procedure is authorised against it. */
export const siteId = z.uuid({ error: 'Choose a site' });

/** A member of staff: better-auth's text id, not a uuid. */
export const staffId = text({ error: 'Choose a member of staff' })
  .min(1, { error: 'Choose a member of staff' })
  .max(64, { error: 'Choose a member of staff' });
