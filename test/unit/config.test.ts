import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { loadConfig, ConfigError } from '../../src/lib/server/config';

describe('config', () => {
	it('has working defaults: embedded stores, port 3000, ./data', () => {
		const c = loadConfig({});
		expect(c.port).toBe(3000);
		expect(c.dataDir).toBe(path.resolve('./data'));
		expect(c.databaseUrl).toBeNull();
		expect(c.clickhouse.url).toBeNull();
		expect(c.demo).toBe(false);
		expect(c.ingestSync).toBe('auto');
	});

	it('reads every variable', () => {
		const c = loadConfig({
			PORT: '8080',
			DATA_DIR: '/tmp/x',
			DATABASE_URL: 'postgres://u@h:5432/db',
			CLICKHOUSE_URL: 'http://ch:8123',
			CLICKHOUSE_USER: 'u',
			CLICKHOUSE_PASSWORD: 'p',
			CLICKHOUSE_DATABASE: 'ops',
			REDIS_URL: 'redis://127.0.0.1:6379',
			OPSHUB_ADMIN_EMAIL: 'root@example.com',
			OPSHUB_ADMIN_PASSWORD: 'longenough',
			OPSHUB_DEMO: 'yes',
			OPSHUB_INGEST_SYNC: 'FDATASYNC'
		});
		expect(c).toMatchObject({
			port: 8080,
			dataDir: '/tmp/x',
			databaseUrl: 'postgres://u@h:5432/db',
			clickhouse: { url: 'http://ch:8123', user: 'u', password: 'p', database: 'ops' },
			redisUrl: 'redis://127.0.0.1:6379',
			adminEmail: 'root@example.com',
			adminPassword: 'longenough',
			demo: true,
			ingestSync: 'fdatasync'
		});
	});

	it.each([
		['PORT', 'abc'],
		['PORT', '70000'],
		['DATABASE_URL', 'mysql://x@y/z'],
		['DATABASE_URL', 'not a url'],
		['CLICKHOUSE_URL', 'tcp://ch:9000'],
		['CLICKHOUSE_DATABASE', 'drop table;'],
		['REDIS_URL', 'http://r'],
		['OPSHUB_ADMIN_EMAIL', 'nobody'],
		['OPSHUB_ADMIN_PASSWORD', 'short'],
		['OPSHUB_DEMO', 'maybe'],
		['OPSHUB_INGEST_SYNC', 'fsync']
	])('rejects a wrong %s (%s) naming the variable', (name, value) => {
		let err: unknown;
		try {
			loadConfig({ [name]: value });
		} catch (e) {
			err = e;
		}
		expect(err).toBeInstanceOf(ConfigError);
		expect((err as ConfigError).variable).toBe(name);
		expect((err as Error).message).toContain(name);
	});
});
