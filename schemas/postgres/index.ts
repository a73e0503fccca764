export * from './rbac';
export * from './audit';
