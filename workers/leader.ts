/**
 * One leader at a time runs the workers and the relay: a Postgres session advisory lock held on
 * a dedicated connection. PGlite is single-process, so the embedded process is always leader.
 */
import pg from 'pg';

/** Arbitrary but fixed: "opshub" workers. */
const KEY = 4_242_001;

export interface Leadership {
	isLeader: boolean;
	release(): Promise<void>;
}

export async function acquireLeadership(databaseUrl: string | null): Promise<Leadership> {
	if (!databaseUrl) return { isLeader: true, release: async () => {} };
	const client = new pg.Client({ connectionString: databaseUrl });
	await client.connect();
	const { rows } = await client.query('select pg_try_advisory_lock($1) as ok', [KEY]);
	if (!rows[0].ok) {
		await client.end();
		return { isLeader: false, release: async () => {} };
	}
	return {
		isLeader: true,
		release: async () => {
			await client.query('select pg_advisory_unlock($1)', [KEY]).catch(() => {});
			await client.end().catch(() => {});
		}
	};
}
