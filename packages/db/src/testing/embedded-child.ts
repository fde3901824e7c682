// A process that starts an embedded PostgreSQL on the folder given and keeps it, for tests that kill its owner.
import { startEmbeddedPostgres } from '../embedded.ts';

const [dir, port] = process.argv.slice(2);
if (!dir || !port) throw new Error('usage: embedded-child.ts <data dir> <port>');
const database = await startEmbeddedPostgres(dir, { port: Number(port), fast: true });
process.stdout.write(`ready ${database.ownerUrl}\n`);
setInterval(() => {}, 60_000);
