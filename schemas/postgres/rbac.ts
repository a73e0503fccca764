/** Rights: departments (cost centers), accounts, roles, permissions, grants, sessions, API tokens. */
import { sql } from 'drizzle-orm';
import {
	pgTable,
	uuid,
	text,
	timestamp,
	boolean,
	primaryKey,
	index,
	uniqueIndex
} from 'drizzle-orm/pg-core';

export const departments = pgTable('departments', {
	id: uuid('id').primaryKey().defaultRandom(),
	/** Cost-center code used by finance (chargeback lines). */
	code: text('code').notNull().unique(),
	name: text('name').notNull(),
	ownerAccountId: uuid('owner_account_id'),
	createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
});

export const accounts = pgTable(
	'accounts',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		email: text('email').notNull(),
		name: text('name').notNull(),
		passwordHash: text('password_hash'),
		departmentId: uuid('department_id').references(() => departments.id),
		/** Support tier for agents (L0–L3); null for non-agents. */
		tier: text('tier'),
		/** Phone number for the desk's requester lookup (digits and +, as typed). */
		phone: text('phone'),
		/** Preferred UI language (en, es, fr); null = follow the browser. */
		locale: text('locale'),
		active: boolean('active').notNull().default(true),
		createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('accounts_email_lower_uq').on(sql`lower(${t.email})`)]
);

export const roles = pgTable('roles', {
	id: text('id').primaryKey(),
	description: text('description').notNull()
});

export const permissions = pgTable('permissions', {
	id: text('id').primaryKey(),
	description: text('description').notNull()
});

export const rolePermissions = pgTable(
	'role_permissions',
	{
		roleId: text('role_id')
			.notNull()
			.references(() => roles.id, { onDelete: 'cascade' }),
		permissionId: text('permission_id')
			.notNull()
			.references(() => permissions.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.roleId, t.permissionId] })]
);

export const roleGrants = pgTable(
	'role_grants',
	{
		accountId: uuid('account_id')
			.notNull()
			.references(() => accounts.id, { onDelete: 'cascade' }),
		roleId: text('role_id')
			.notNull()
			.references(() => roles.id, { onDelete: 'cascade' }),
		grantedAt: timestamp('granted_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.accountId, t.roleId] })]
);

export const sessions = pgTable(
	'sessions',
	{
		/** sha256 of the cookie value: a stolen database does not yield live sessions. */
		idHash: text('id_hash').primaryKey(),
		accountId: uuid('account_id')
			.notNull()
			.references(() => accounts.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull()
	},
	(t) => [index('sessions_account_idx').on(t.accountId)]
);

export const apiTokens = pgTable(
	'api_tokens',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		accountId: uuid('account_id')
			.notNull()
			.references(() => accounts.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		/** sha256 of the secret part; the token itself is shown once. */
		tokenHash: text('token_hash').notNull().unique(),
		scopes: text('scopes').array().notNull(),
		createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
		lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
		revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' })
	},
	(t) => [index('api_tokens_account_idx').on(t.accountId)]
);
