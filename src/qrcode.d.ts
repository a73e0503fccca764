/** The part of `qrcode` (no bundled types) that src/lib/qr.ts uses. */
declare module 'qrcode' {
	interface QRCodeSymbol {
		version: number;
		errorCorrectionLevel: { bit: number };
		maskPattern: number;
		modules: { size: number; data: Uint8Array; get(row: number, col: number): number | boolean };
	}
	export function create(text: string, options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H'; version?: number; maskPattern?: number }): QRCodeSymbol;
	const QRCode: { create: typeof create };
	export default QRCode;
}
