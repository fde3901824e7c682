import { CACHE_CHANNEL, type DbOrTx, getSite, listenForNotices, type PublishedVersion } from '@threshold/db';

type Site = NonNullable<Awaited<ReturnType<typeof getSite>>>;

/**
 * How long a remembered site is trusted at most. Changes are announced at once (NOTIFY), but a LISTEN connection
 * cut off without a word announces nothing: this bounds how stale a process can then be.
 */
export const TRUST_MS = 5_000;

interface Entry {
  loadedAt: number;
  site?: Promise<Site | null>;
  versions?: Promise<PublishedVersion[]>;
}

/**
 * What every kiosk sign-in reads and staff rarely change, kept per process: a site's settings and the published
 * versions of its journey documents. Used only while this process LISTENs for changes (startSignInCache): a change
 * by any process or path forgets the site (migration 0025's trigger), and so does a reconnect of the LISTEN. A
 * process that does not listen (tests, the CLI) reads the database every time.
 */
class SignInCache {
  private listeners = 0;
  private readonly entries = new Map<string, Entry>();

  get active() {
    return this.listeners > 0;
  }

  /** The site's row, as getSite would return it. */
  site(db: DbOrTx, siteId: string): Promise<Site | null> {
    if (!this.active) return getSite(db, { siteId });
    const entry = this.entry(siteId);
    entry.site ??= this.loading(siteId, getSite(db, { siteId }));
    return entry.site;
  }

  /** The published versions of the site's journey documents (`read` them on a miss); null when not listening. */
  journeyVersions(siteId: string, read: () => Promise<PublishedVersion[]>): Promise<PublishedVersion[]> | null {
    if (!this.active) return null;
    const entry = this.entry(siteId);
    entry.versions ??= this.loading(siteId, read());
    return entry.versions;
  }

  forget(siteId: string) {
    this.entries.delete(siteId);
  }

  forgetAll() {
    this.entries.clear();
  }

  /** Starts trusting what it holds (a LISTEN is in place); `release` undoes it. */
  hold(): () => void {
    this.listeners++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.listeners--;
      this.forgetAll();
    };
  }

  private entry(siteId: string): Entry {
    const found = this.entries.get(siteId);
    if (found && Date.now() - found.loadedAt < TRUST_MS) return found;
    const fresh: Entry = { loadedAt: Date.now() };
    this.entries.set(siteId, fresh);
    return fresh;
  }

  /** A failed read is not remembered. */
  private loading<T>(siteId: string, read: Promise<T>): Promise<T> {
    const entry = this.entries.get(siteId);
    read.catch(() => {
      if (this.entries.get(siteId) === entry) this.forget(siteId);
    });
    return read;
  }
}

export const signInCache = new SignInCache();

/**
 * Listens for changes to sites and documents and, while it does, lets this process keep them in memory. Every
 * server process runs one (THRESHOLD_WORKERS), each with its own cache and its own LISTEN.
 */
export async function startSignInCache(
  url: string,
  options: { applicationName?: string } = {},
): Promise<{ close: () => Promise<void> }> {
  let release: (() => void) | null = null;
  const listener = await listenForNotices(
    url,
    CACHE_CHANNEL,
    {
      changed: (siteId) => signInCache.forget(siteId),
      // The first LISTEN, or one after a reconnect: what was announced in between is lost, so forget everything.
      listening: () => {
        signInCache.forgetAll();
        release ??= signInCache.hold();
      },
    },
    options,
  );
  return {
    close: async () => {
      release?.();
      await listener.close();
    },
  };
}
