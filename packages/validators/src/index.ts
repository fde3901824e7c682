export * from './audit.ts';
export * from './enums.ts';
export * from './kiosk.ts';
export * from './visit.ts';
