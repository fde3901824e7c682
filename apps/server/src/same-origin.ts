import type { MiddlewareHandler } from 'hono';

/**
 * The origins whose pages may act with a staff session: `PUBLIC_URL`'s alone when it is set (an https installation
 * must not also trust http://localhost), otherwise this port on the local machine, where `npm start` serves.
 */
export function trustedOrigins(env: { PUBLIC_URL?: string | undefined; PORT: number }): string[] {
  if (env.PUBLIC_URL) return [new URL(env.PUBLIC_URL).origin];
  return [`http://localhost:${env.PORT}`, `http://127.0.0.1:${env.PORT}`];
}

export const CROSS_SITE_REFUSED = "This request did not come from Threshold's own pages, so it was not carried out.";

/**
 * A second layer under SameSite=Strict cookies against cross-site request forgery: a POST that carries cookies must
 * come from one of our own pages, named by its Origin or, where a browser leaves Origin out, by
 * `Sec-Fetch-Site: same-origin`. Kiosks authenticate with a bearer token a foreign page cannot send, and carry no
 * cookies of ours, so they are not affected.
 */
export function sameOriginPosts(origins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(origins);
  return async (c, next) => {
    if (c.req.method !== 'POST' || !c.req.header('cookie')) return next();
    const origin = c.req.header('origin');
    const fromOurPage = origin ? allowed.has(origin) : c.req.header('sec-fetch-site') === 'same-origin';
    if (!fromOurPage) return c.json({ error: CROSS_SITE_REFUSED }, 403);
    return next();
  };
}
