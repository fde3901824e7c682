export * from './audit.ts';
export * from './enums.ts';
export * from './escort.ts';
export * from './kiosk.ts';
export * from './live.ts';
export * from './visit.ts';
