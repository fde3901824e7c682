export * from './audit.ts';
export * from './auth.ts';
export * from './kiosk.ts';
export * from './organisation.ts';
export * from './staff.ts';
export * from './system.ts';
export * from './visit.ts';
