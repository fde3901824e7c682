import type { inferRouterInputs } from '@trpc/server';
import type { AppRouter } from '../root.ts';

/** Every kind of caller the matrix tries against every procedure. */
export const everyone = [
  'anonymous',
  'kiosk',
  'revokedKiosk',
  'display',
  'revokedDisplay',
  'escort',
  'reception',
  'coordinator',
  'otherCoordinator',
  'admin',
] as const;
export type Who = (typeof everyone)[number];
export const staff: readonly Who[] = ['escort', 'reception', 'coordinator', 'otherCoordinator', 'admin'];
export const deskRoles: readonly Who[] = ['reception', 'coordinator'];
export const anyRoleHere: readonly Who[] = ['escort', 'reception', 'coordinator', 'admin'];

type Inputs = inferRouterInputs<AppRouter>;
/** `router.procedure` for every procedure of the app router. */
export type Path = { [N in keyof Inputs & string]: `${N}.${keyof Inputs[N] & string}` }[keyof Inputs & string];
export type InputAt<P> = P extends `${infer N}.${infer M}`
  ? N extends keyof Inputs
    ? M extends keyof Inputs[N]
      ? Inputs[N][M]
      : never
    : never
  : never;
