import { z } from 'zod';
import { visitCode } from './visit.ts';

/** The badge screen asks whether the escort of the visit it just signed in has confirmed (by phone, say). */
export const badgeEscortInput = z.object({ visitCode });
