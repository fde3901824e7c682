export { type Auth, createAuth } from './auth.ts';
export { type Context, createContextFactory } from './context.ts';
export { type DemoSeed, demoAccounts, seedDemo } from './demo/seed.ts';
export { createPairingCode } from './domain/kiosk-pairing.ts';
export { hashSecret } from './password.ts';
export { type AppRouter, appRouter } from './root.ts';
export { createCallerFactory, type FieldIssue } from './trpc.ts';
