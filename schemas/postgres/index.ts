export * from './rbac';
export * from './audit';
export * from './tickets';
export * from './cmdb';
export * from './boards';
export * from './monitoring';
export * from './finance';
export * from './staffing';
