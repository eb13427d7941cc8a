export { adminApp, type AdminDeps } from './admin-app';
export { FaultInjector } from './faults';
export { faultRuleSchema, type FaultRule } from './fault-rules';
export { RequestLog, type LoggedRequest, type RequestQuery } from './request-log';
export { dialectOf, DIALECTS, type DialectName } from './dialect-of';
export { resetStorage } from './inspect';
export { isLoopbackHost } from './admin-guard';
