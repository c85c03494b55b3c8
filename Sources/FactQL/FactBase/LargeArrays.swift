#if canImport(Glibc)
    import Glibc
#endif

/// Large zero-filled arrays for the tables a bulk load reads at random (the name table, the
/// navigation index). On Linux their memory is advised to use transparent huge pages before it
/// is first touched: with 4 KiB pages nearly every random read of a table of many megabytes is
/// also a TLB miss, and every 4 KiB a page fault.
enum LargeArrays {
    /// Arrays smaller than this are left to the allocator as they are.
    static let threshold = 1 << 21

    static func zeroed<Element: FixedWidthInteger>(_ count: Int, of type: Element.Type = Element.self) -> [Element] {
        guard count * MemoryLayout<Element>.stride >= threshold else { return [Element](repeating: 0, count: count) }
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            buffer.initialize(repeating: 0)
            initialized = count
        }
    }

    /// Advises the whole 2 MiB pages inside `memory` to be huge pages (best effort).
    static func adviseHugePages(_ memory: UnsafeMutableRawBufferPointer) {
        #if canImport(Glibc)
            guard let base = memory.baseAddress else { return }
            let hugePage = 1 << 21
            let start = (Int(bitPattern: base) + hugePage - 1) & ~(hugePage - 1)
            let end = (Int(bitPattern: base) + memory.count) & ~(hugePage - 1)
            guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
            _ = madvise(pointer, end - start, MADV_HUGEPAGE)
        #endif
    }
}
