/**
 * The one place that reads process.env. Every variable is validated at boot; a wrong value
 * stops the start with a message naming the variable (ConfigError).
 */
import path from 'node:path';

export interface Config {
	port: number;
	host: string;
	dataDir: string;
	databaseUrl: string | null;
	clickhouse: {
		url: string | null;
		user: string;
		password: string;
		database: string;
		/** CLICKHOUSE_CLUSTER: render the ClickHouse migrations for this cluster (ON CLUSTER, Replicated*, Distributed). */
		cluster: string | null;
		/** OPSHUB_CH_LOG: off | slow (default, ≥ 1 s) | all. */
		log: 'off' | 'slow' | 'all';
	};
	redisUrl: string | null;
	adminEmail: string | null;
	adminPassword: string | null;
	demo: boolean;
	/**
	 * How far an accepted webhook is written before its 202 (OPSHUB_INGEST_SYNC): 'auto' follows
	 * the database (fdatasync on PostgreSQL, the kernel on PGlite), or 'fdatasync' / 'os'.
	 */
	ingestSync: 'auto' | 'fdatasync' | 'os';
	/** Strict-Transport-Security max-age in seconds (OPSHUB_HSTS_MAX_AGE); 0 = not sent (plain http). */
	hstsMaxAgeS: number;
	/** OPSHUB_WORKERS=0: this web process never runs the relay and cron jobs (a workers process does). */
	workersInWeb: boolean;
	/** How often a standby process tries to take the workers lock (OPSHUB_LEADER_RETRY_MS, default 3000). */
	leaderRetryMs: number;
	version: string;
}

export class ConfigError extends Error {
	constructor(
		readonly variable: string,
		problem: string
	) {
		super(`Invalid configuration: ${variable} ${problem}`);
		this.name = 'ConfigError';
	}
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string): string | null {
	const v = env[name];
	return v === undefined || v.trim() === '' ? null : v.trim();
}

function url(env: Env, name: string, protocols: string[]): string | null {
	const v = str(env, name);
	if (v === null) return null;
	let parsed: URL;
	try {
		parsed = new URL(v);
	} catch {
		throw new ConfigError(name, `is not a valid URL (got "${v}")`);
	}
	if (!protocols.includes(parsed.protocol)) {
		throw new ConfigError(name, `must use ${protocols.join(' or ')} (got "${parsed.protocol}")`);
	}
	return v;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
	const v = str(env, name);
	if (v === null) return fallback;
	if (['1', 'true', 'yes', 'on'].includes(v.toLowerCase())) return true;
	if (['0', 'false', 'no', 'off'].includes(v.toLowerCase())) return false;
	throw new ConfigError(name, `must be 1/0, true/false, yes/no or on/off (got "${v}")`);
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

function leaderRetry(env: Env): number {
	const v = str(env, 'OPSHUB_LEADER_RETRY_MS') ?? '3000';
	const n = Number(v);
	if (!/^\d+$/.test(v) || n < 100 || n > 60_000) {
		throw new ConfigError('OPSHUB_LEADER_RETRY_MS', `must be a whole number of milliseconds from 100 to 60000 (got "${v}")`);
	}
	return n;
}

function hstsMaxAge(env: Env): number {
	const v = str(env, 'OPSHUB_HSTS_MAX_AGE') ?? '0';
	const n = Number(v);
	if (!/^\d+$/.test(v) || n > 63_072_000) {
		throw new ConfigError('OPSHUB_HSTS_MAX_AGE', `must be a whole number of seconds up to 63072000 (2 years) (got "${v}")`);
	}
	return n;
}

export function loadConfig(env: Env = process.env): Config {
	const portRaw = str(env, 'PORT') ?? '3000';
	const port = Number(portRaw);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		throw new ConfigError('PORT', `must be an integer between 0 and 65535 (got "${portRaw}")`);
	}
	const adminEmail = str(env, 'OPSHUB_ADMIN_EMAIL');
	if (adminEmail !== null && !EMAIL_RE.test(adminEmail)) {
		throw new ConfigError('OPSHUB_ADMIN_EMAIL', `is not an email address (got "${adminEmail}")`);
	}
	const adminPassword = str(env, 'OPSHUB_ADMIN_PASSWORD');
	if (adminPassword !== null && adminPassword.length < 8) {
		throw new ConfigError('OPSHUB_ADMIN_PASSWORD', 'must be at least 8 characters long');
	}
	const chDatabase = str(env, 'CLICKHOUSE_DATABASE') ?? 'default';
	if (!IDENT_RE.test(chDatabase)) {
		throw new ConfigError('CLICKHOUSE_DATABASE', `must be a plain identifier (got "${chDatabase}")`);
	}
	const chCluster = str(env, 'CLICKHOUSE_CLUSTER');
	if (chCluster !== null && !IDENT_RE.test(chCluster)) {
		throw new ConfigError('CLICKHOUSE_CLUSTER', `must be a plain identifier (got "${chCluster}")`);
	}
	const chLog = (str(env, 'OPSHUB_CH_LOG') ?? 'slow').toLowerCase();
	if (chLog !== 'off' && chLog !== 'slow' && chLog !== 'all') {
		throw new ConfigError('OPSHUB_CH_LOG', `must be off, slow or all (got "${chLog}")`);
	}
	const ingestSync = (str(env, 'OPSHUB_INGEST_SYNC') ?? 'auto').toLowerCase();
	if (ingestSync !== 'auto' && ingestSync !== 'fdatasync' && ingestSync !== 'os') {
		throw new ConfigError('OPSHUB_INGEST_SYNC', `must be auto, fdatasync or os (got "${str(env, 'OPSHUB_INGEST_SYNC')}")`);
	}
	return {
		port,
		host: str(env, 'HOST') ?? '0.0.0.0',
		dataDir: path.resolve(str(env, 'DATA_DIR') ?? './data'),
		databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
		clickhouse: {
			url: url(env, 'CLICKHOUSE_URL', ['http:', 'https:']),
			user: str(env, 'CLICKHOUSE_USER') ?? 'default',
			password: str(env, 'CLICKHOUSE_PASSWORD') ?? '',
			database: chDatabase,
			cluster: chCluster,
			log: chLog
		},
		redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
		adminEmail,
		adminPassword,
		demo: bool(env, 'OPSHUB_DEMO', false),
		ingestSync,
		hstsMaxAgeS: hstsMaxAge(env),
		workersInWeb: bool(env, 'OPSHUB_WORKERS', true),
		leaderRetryMs: leaderRetry(env),
		version: str(env, 'npm_package_version') ?? '0.1.0'
	};
}
