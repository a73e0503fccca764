/**
 * Production entry: boots the runtime (config, stores, migrations), then serves the SvelteKit
 * handler and socket.io on one HTTP server (monitoring webhooks are answered before SvelteKit).
 * The HTTP server is created with the handler first, socket.io attached after (STACK.md pitfall 7).
 */
import http from 'node:http';
import { Server } from 'socket.io';
import { ConfigError } from './src/lib/server/config';
import { getRuntime, shutdown } from './src/lib/server/runtime';
import { startServices } from './src/lib/server/services';
import { monitoringOf } from './src/lib/server/monitoring/index';
import { serveWebhook, webhookRoute } from './src/lib/server/monitoring/webhook';

async function main() {
	const rt = await getRuntime();
	// Built by `vite build` (adapter-node); absent until then.
	// adapter-node refuses bodies over BODY_SIZE_LIMIT (default 512K) before a route runs; the CMDB
	// import takes up to 20 MB, JSON routes cap themselves at 1 MB (jsonBody). Read at import.
	process.env.BODY_SIZE_LIMIT ??= '20M';
	// @ts-ignore
	const { handler } = await import('./build/handler.js');
	// Monitoring webhooks are the hot path: served here as plain node:http, ahead of SvelteKit.
	const monitoring = monitoringOf(rt);
	const server = http.createServer((req, res) => {
		const webhook = webhookRoute(req.method, req.url);
		if (webhook) return void serveWebhook(monitoring, webhook, req, res);
		handler(req, res, () => {
			res.statusCode = 404;
			res.end('Not found');
		});
	});
	const io = new Server(server, { serveClient: false });
	rt.extras.io = io;
	await startServices(rt);
	await new Promise<void>((resolve) => server.listen(rt.config.port, rt.config.host, resolve));
	console.log(
		`[opshub] listening on http://localhost:${rt.config.port} (postgres: ${rt.pg.driver}, clickhouse: ${rt.ch.engine})`
	);
	let closing = false;
	const stop = async (signal: string) => {
		if (closing) return;
		closing = true;
		console.log(`[opshub] ${signal}: shutting down`);
		io.close();
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
