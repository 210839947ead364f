#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered writer over a file descriptor: exports write through it row by row, so their
/// memory stays at one buffer whatever the size of the output.
///
/// The descriptor belongs to the caller, who opens and closes it.
public struct FileOutput {
    /// The descriptor written to.
    public let descriptor: Int32
    private var buffer: [UInt8] = []
    private let capacity: Int
    private var failure: Int32 = 0

    /// Creates a writer.
    ///
    /// - Parameters:
    ///   - descriptor: An open, writable file descriptor (1 for standard output).
    ///   - capacity: Bytes buffered before a `write(2)`.
    public init(descriptor: Int32, capacity: Int = 256 * 1024) {
        self.descriptor = descriptor
        self.capacity = capacity
        buffer.reserveCapacity(capacity)
    }

    /// Appends bytes.
    ///
    /// - Parameter bytes: The bytes.
    public mutating func write(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { drain() }
    }

    /// Appends the UTF-8 of `text`.
    ///
    /// - Parameter text: The text.
    public mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= capacity { drain() }
    }

    /// Appends one byte.
    ///
    /// - Parameter byte: The byte.
    public mutating func write(byte: UInt8) {
        buffer.append(byte)
    }

    /// Writes out what is buffered.
    ///
    /// - Parameter path: The destination's name for the error message.
    /// - Throws: ``ReportError`` `io` if any write failed (disk full, closed pipe).
    public mutating func flush(path: String) throws {
        drain()
        if failure != 0 {
            throw ReportError(.io, "cannot write to \(path): \(String(cString: strerror(failure)))")
        }
    }

    /// Writes the buffer out, retrying on interruption and short writes; remembers the first error.
    private mutating func drain() {
        guard failure == 0 else { buffer.removeAll(keepingCapacity: true); return }
        var offset = 0
        buffer.withUnsafeBytes { raw in
            while offset < raw.count {
                let written = systemWrite(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// `write(2)`, named apart from ``FileOutput/write(_:)``.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, bytes, count)
    #else
    Darwin.write(descriptor, bytes, count)
    #endif
}
