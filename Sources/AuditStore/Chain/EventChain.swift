import Crypto
import Foundation

/// The hash chain over the `events` table.
///
/// `hash = SHA256(prev_hash ‖ canonical bytes)`, where `prev_hash` is the previous event's
/// hash as 32 raw bytes (32 zero bytes for the first event) and the canonical bytes are the
/// UTF-8 of `Value.object(["seq", "run", "kind", "time", "step", "attempt", "payload"]).json`:
/// compact JSON, keys sorted, `null` for an absent step or attempt, the time as stored.
/// Hashes are stored as lowercase hex.
///
/// The bytes are built here directly rather than through ``Value``: the payload is embedded as
/// the exact stored text (which is already `payload.json`), so verification hashes the stored
/// bytes without parsing them, and any edit to the stored text changes the hash.
enum EventChain {
    /// The stored columns of one event that the hash covers.
    struct Fields {
        var seq: Int64
        var runID: String
        var kind: String
        var time: String
        var step: String?
        var attempt: Int64?
        var payloadJSON: String
    }

    /// The `prev_hash` of the first event: 32 zero bytes.
    static let genesis = [UInt8](repeating: 0, count: 32)

    /// `genesis` as hex.
    static let genesisHex = String(repeating: "0", count: 64)

    /// The canonical bytes of `fields`, written into `buffer` (cleared first, so one buffer serves many events).
    static func canonicalBytes(_ fields: Fields, into buffer: inout [UInt8]) {
        canonicalBytes(seq: fields.seq, runID: fields.runID.utf8, kind: fields.kind.utf8, time: fields.time.utf8,
                       step: fields.step?.utf8, attempt: fields.attempt, payloadJSON: fields.payloadJSON.utf8, into: &buffer)
    }

    /// The canonical bytes of an event whose text fields are given as UTF-8, written into
    /// `buffer` (cleared first). The one definition of the format: appends pass Swift strings,
    /// verification passes the bytes SQLite holds, without making strings.
    static func canonicalBytes<Text: Collection<UInt8>>(
        seq: Int64, runID: Text, kind: Text, time: Text, step: Text?, attempt: Int64?, payloadJSON: Text, into buffer: inout [UInt8]
    ) {
        let keys = Keys.shared
        buffer.removeAll(keepingCapacity: true)
        buffer += keys.attempt
        if let attempt { appendInteger(attempt, to: &buffer) } else { buffer += keys.null }
        buffer += keys.kind
        appendQuoted(kind, to: &buffer)
        buffer += keys.payload
        buffer += payloadJSON
        buffer += keys.run
        appendQuoted(runID, to: &buffer)
        buffer += keys.seq
        appendInteger(seq, to: &buffer)
        buffer += keys.step
        if let step { appendQuoted(step, to: &buffer) } else { buffer += keys.null }
        buffer += keys.time
        appendQuoted(time, to: &buffer)
        buffer.append(UInt8(ascii: "}"))
    }

    /// The fixed parts of the canonical JSON, as bytes (one static, so one lazy-init check per event).
    private struct Keys {
        static let shared = Keys()
        let attempt = Array(#"{"attempt":"#.utf8)
        let kind = Array(#","kind":"#.utf8)
        let payload = Array(#","payload":"#.utf8)
        let run = Array(#","run":"#.utf8)
        let seq = Array(#","seq":"#.utf8)
        let step = Array(#","step":"#.utf8)
        let time = Array(#","time":"#.utf8)
        let null = Array("null".utf8)
    }

    /// `SHA256(previous ‖ canonical)`.
    static func hash(previous: [UInt8], canonical: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: canonical)
        return Array(hasher.finalize())
    }

    /// `value` in decimal, as `String(value)` writes it.
    static func appendInteger(_ value: Int64, to buffer: inout [UInt8]) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        var divisor: UInt64 = 1
        while divisor <= magnitude / 10 { divisor *= 10 }
        while divisor > 0 {
            buffer.append(UInt8(ascii: "0") + UInt8(magnitude / divisor % 10))
            divisor /= 10
        }
    }

    /// A JSON string literal of `text` (UTF-8), escaped exactly as `Value.json` does: `"` `\`
    /// and the control characters; `\n` `\r` `\t` by name, others as `\u00xx`; everything
    /// else as is. UTF-8 continuation bytes are all ≥ 0x80, so escaping byte by byte equals
    /// escaping by scalar.
    static func appendQuoted<Text: Collection<UInt8>>(_ text: Text, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        if !text.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            buffer += text
        } else {
            for byte in text {
                switch byte {
                case UInt8(ascii: "\""): buffer += #"\""#.utf8
                case UInt8(ascii: "\\"): buffer += #"\\"#.utf8
                case 0x0A: buffer += #"\n"#.utf8
                case 0x0D: buffer += #"\r"#.utf8
                case 0x09: buffer += #"\t"#.utf8
                case 0..<0x20:
                    buffer += #"\u00"#.utf8
                    buffer.append(Hex.digits[Int(byte >> 4)])
                    buffer.append(Hex.digits[Int(byte & 0x0F)])
                default: buffer.append(byte)
                }
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }
}
