#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs the tool on a thread whose stack has a size of our choosing. The parser's nesting limits
/// bound how deep the analysis, the evaluator, `why` and the stage commands recurse, and that depth
/// needs a known stack: the main thread's is whatever `ulimit -s` says (a 256 KB stack used to end
/// a 255-link `and` chain in SIGSEGV).
enum LargeStack {
    /// Enough for the deepest query the limits allow in a debug build, many times over; only the
    /// pages a query touches are ever committed.
    static let size = 64 << 20

    private final class Work {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Runs `body` on a new thread with a stack of `size` bytes and waits for it; if no such
    /// thread can be made (too little address space), runs it here.
    static func run(_ body: @escaping () -> Void) {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, size)
        let work = Unmanaged.passRetained(Work(body))
        var thread = pthread_t()
        let created = pthread_create(
            &thread, &attributes,
            { raw in
                if let raw { Unmanaged<Work>.fromOpaque(raw).takeRetainedValue().body() }
                return nil
            }, work.toOpaque())
        guard created == 0 else {
            work.release()
            body()
            return
        }
        // Signals (Ctrl-C, a window resize) go to the thread that does the work.
        var all = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_BLOCK, &all, nil)
        pthread_join(thread, nil)
    }
}
