/**
 * Production entry: boots the runtime (config, stores, migrations), then serves the SvelteKit
 * handler and socket.io on one HTTP server (monitoring webhooks are answered before SvelteKit).
 * The HTTP server is created with the handler first, socket.io attached after (docs/STACK.md pitfall 7).
 */
import http from 'node:http';
import { ConfigError } from './src/lib/server/config';
import { getRuntime, shutdown } from './src/lib/server/runtime';
import { startApp } from './app';
import { monitoringOf } from './src/lib/server/monitoring/index';
import { serveWebhook, webhookRoute } from './src/lib/server/monitoring/webhook';
import { securityHeaders } from './src/lib/server/security/headers';

async function main() {
	const rt = await getRuntime();
	// adapter-node refuses bodies over BODY_SIZE_LIMIT (default 512K) before a route runs, with a
	// reset or a 500; each route caps its own body instead and answers 413 JSON naming the limit
	// (JSON 1 MiB in http.ts, CMDB import 20 MB, attachments by the desk setting, streamed).
	// Read when the handler is imported.
	process.env.BODY_SIZE_LIMIT ??= '2G';
	// Built by `vite build` (adapter-node); absent until then.
	// @ts-ignore
	const { handler } = await import('./build/handler.js');
	// Monitoring webhooks are the hot path: served here as plain node:http, ahead of SvelteKit.
	const monitoring = monitoringOf(rt);
	const baseHeaders = Object.entries(securityHeaders(rt.config));
	const server = http.createServer((req, res) => {
		const webhook = webhookRoute(req.method, req.url);
		if (webhook) return void serveWebhook(monitoring, webhook, req, res);
		// Static files (/_app/…) bypass the SvelteKit hooks: set the baseline headers here.
		for (const [k, v] of baseHeaders) res.setHeader(k, v);
		handler(req, res, () => {
			res.statusCode = 404;
			res.end('Not found');
		});
	});
	// socket.io attaches after the handler (docs/STACK.md pitfall 7); OPSHUB_WORKERS=0: web only.
	await startApp(rt, { httpServer: server, workers: rt.config.workersInWeb });
	await new Promise<void>((resolve) => server.listen(rt.config.port, rt.config.host, resolve));
	console.log(
		`[opshub] listening on http://localhost:${rt.config.port} (postgres: ${rt.pg.driver}, clickhouse: ${rt.ch.engine})`
	);
	let closing = false;
	const stop = async (signal: string) => {
		if (closing) return;
		closing = true;
		console.log(`[opshub] ${signal}: shutting down`);
		server.close();
		await shutdown();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop('SIGINT'));
	process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
	if (e instanceof ConfigError || (e as Error)?.name === 'ConfigError') {
		console.error(`[opshub] ${(e as Error).message}`);
	} else {
		console.error('[opshub] failed to start:', e);
	}
	process.exit(1);
});
