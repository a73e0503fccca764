/**
 * The socket.io server of a web process: same-origin handshakes only (issue 18, Low). Created
 * after the HTTP server's request handler (STACK.md pitfall 7).
 */
import type http from 'node:http';
import { Server } from 'socket.io';
import { socketOriginAllowed } from '../security/csrf';

export function createSocketServer(httpServer: http.Server): Server {
	return new Server(httpServer, {
		serveClient: false,
		allowRequest: (req, callback) => {
			const ok = socketOriginAllowed({ origin: req.headers.origin, host: req.headers.host });
			callback(ok ? null : 'cross-origin handshake refused', ok);
		}
	});
}
