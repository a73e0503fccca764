export * from './rbac';
export * from './audit';
export * from './tickets';
export * from './cmdb';
export * from './finance';
