import { z } from 'zod';

/** The site a staff request is about: every staff procedure is authorised against it. */
export const siteId = z.uuid({ error: 'Choose a site' });
