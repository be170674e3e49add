import msgpackParser from "socket.io-msgpack-parser";

// The Socket.IO wire format of every connection: the server's, the browser's, and the test and
// bench clients' (they must match). MessagePack instead of Socket.IO's default JSON: a packet that
// carries bytes (a Yjs update) is one binary WebSocket frame, where the default parser sends a
// JSON header frame plus one frame per attachment (docs/decisions/013-socket-wire.md).

const hasBuffer = typeof Buffer !== "undefined";

/**
 * Bytes as the MessagePack encoder (notepack.io) handles them exactly: it writes a Node Buffer or
 * a browser ArrayBuffer as `bin`, but any other view as the whole buffer behind it (a subarray
 * would send its neighbours' bytes too) in Node and as a map of indices in the browser. So every
 * view becomes a Buffer over exactly its bytes (Node, no copy) or an ArrayBuffer of exactly them
 * (browser). Plain objects and arrays are walked; anything else passes as it is.
 */
export function exactBytes(v: unknown): unknown {
  if (ArrayBuffer.isView(v)) {
    if (hasBuffer) return Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    return v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength);
  }
  if (Array.isArray(v)) return v.map(exactBytes);
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = exactBytes((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

class Encoder {
  private readonly inner = new msgpackParser.Encoder();
  encode<P extends { data?: unknown }>(packet: P) {
    return this.inner.encode(packet.data === undefined ? packet : { ...packet, data: exactBytes(packet.data) });
  }
}

export const socketParser = { ...msgpackParser, Encoder, Decoder: msgpackParser.Decoder };
