/** Wall-screen boards (tiles as data) and the display tokens that let a TV show them without a login. */
import { pgTable, text, uuid, timestamp, jsonb, integer } from 'drizzle-orm/pg-core';

export const boards = pgTable('boards', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	/** Tile[]: see src/lib/server/boards/model.ts. */
	tiles: jsonb('tiles').notNull(),
	/** KPI filters applied to every tile (e.g. one group's board). */
	filters: jsonb('filters').notNull(),
	rotateS: integer('rotate_s').notNull().default(30),
	position: integer('position').notNull().default(0),
	updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
});

export const displayTokens = pgTable('display_tokens', {
	id: uuid('id').primaryKey().defaultRandom(),
	name: text('name').notNull(),
	tokenHash: text('token_hash').notNull().unique(),
	/** The token itself, so managers can copy its wall URL again (read-only kiosk access; null for
	 * tokens created before migration 0018, whose URL was shown once). */
	token: text('token'),
	boardIds: text('board_ids').array().notNull(),
	createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
	revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
	/** When a wall last used the token (HTTP or socket), at most one write a minute. */
	lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' })
});
