/**
 * The domain layer: pure rules and value checks, no I/O and no clock.
 * Safe to import from workflow code; callers pass `now` (epoch ms).
 */
export * from './calendar-date';
export * from './china-time';
export * from './age';
export * from './document-number-result';
export * from './mainland-id';
export * from './permits';
export * from './identity-document';
export * from './individual-methods';
export * from './credit-code';
export * from './region';
export * from './entity-change';
export * from './mobile';
export * from './business-days';
export * from './payout-deadlines';
export * from './payout-refusals';
export * from './money';
export * from './registry-listing';
export { maskName, maskDocumentNumber } from './mask';
export * from './uploads';
export * from './change-rules';
export * from './change-materials';
export * from './account-status';
export * from './enterprise-methods';
export * from './process-requests';
