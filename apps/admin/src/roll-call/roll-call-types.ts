import type { RouterOutputs } from '@threshold/api';

type Outputs = RouterOutputs['rollCall'];

/** The open roll call, with who arrived since it started. */
export type OpenRollCall = NonNullable<Outputs['current']>;
/** Any roll call as a list of people (the open one, or a past one). */
export type RollCallList = Outputs['get'];
export type RollCallVisitor = RollCallList['visitors'][number];
export type RollCallStaff = RollCallList['staff'][number];
export type RollCallSummary = Outputs['history'][number];
