/**
 * One leader at a time runs the relay and the cron jobs: a Postgres session advisory lock held
 * on a dedicated connection. A process that does not get it stands by and tries again every
 * `retryMs`; when the leader dies (even by SIGKILL) PostgreSQL ends its session and frees the
 * lock, and a standby takes over within one retry. PGlite is single-process: always leader.
 */
import pg from 'pg';

/** Arbitrary but fixed: "opshub" workers. */
const KEY = 4_242_001;

export interface Campaign {
	isLeader(): boolean;
	/** Stops campaigning; a leader runs onDeposed and frees the lock. */
	stop(): Promise<void>;
}

export interface CampaignOptions {
	retryMs?: number;
	/** Runs once the lock is held (start the relay and jobs). */
	onElected: () => Promise<void> | void;
	/** Runs when the lock is lost (connection dropped) or on stop (stop the relay and jobs). */
	onDeposed?: () => Promise<void> | void;
	log?: (message: string) => void;
}

export function campaign(databaseUrl: string | null, opts: CampaignOptions): Campaign {
	const log = opts.log ?? ((m: string) => console.log(`[opshub] ${m}`));
	let leader = false;
	let stopped = false;
	let client: pg.Client | null = null;
	let timer: NodeJS.Timeout | null = null;

	const depose = async () => {
		if (!leader) return;
		leader = false;
		await opts.onDeposed?.();
	};

	const attempt = async (): Promise<void> => {
		timer = null;
		if (stopped) return;
		if (!databaseUrl) {
			leader = true;
			await opts.onElected();
			return;
		}
		const c = new pg.Client({ connectionString: databaseUrl, application_name: 'opshub-leader' });
		try {
			await c.connect();
			const { rows } = await c.query('select pg_try_advisory_lock($1) as ok', [KEY]);
			if (!rows[0].ok || stopped) {
				await c.end().catch(() => {});
				return schedule();
			}
		} catch (e) {
			await c.end().catch(() => {});
			log(`leader election: ${(e as Error).message}; retrying`);
			return schedule();
		}
		client = c;
		// Losing the connection loses the lock: stop leading, campaign again.
		c.on('error', () => {});
		c.on('end', () => {
			if (client !== c) return;
			client = null;
			if (stopped) return;
			log('lost the workers lock (connection ended): standing by');
			void depose().finally(schedule);
		});
		leader = true;
		log(`workers leader (pid ${process.pid})`);
		try {
			await opts.onElected();
		} catch (e) {
			log(`starting the workers failed: ${(e as Error).message}`);
		}
	};

	const schedule = () => {
		if (stopped || timer) return;
		timer = setTimeout(() => void attempt(), opts.retryMs ?? 3000);
		timer.unref();
	};

	void attempt();
	return {
		isLeader: () => leader,
		stop: async () => {
			stopped = true;
			if (timer) clearTimeout(timer);
			await depose();
			const c = client;
			client = null;
			if (c) {
				await c.query('select pg_advisory_unlock($1)', [KEY]).catch(() => {});
				await c.end().catch(() => {});
			}
		}
	};
}
