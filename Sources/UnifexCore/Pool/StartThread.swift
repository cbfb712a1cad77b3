#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

private final class ThreadBody {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
}

/// Starts a detached thread with `stackSize` bytes of stack running `body`; false when the system
/// refuses one (too many threads, no memory for the stack). Foundation's `Thread.start` says
/// nothing then, and a pool waiting for a worker that never ran would wait forever.
public func startThread(stackSize: Int, _ body: @escaping @Sendable () -> Void) -> Bool {
    var attributes = pthread_attr_t()
    guard pthread_attr_init(&attributes) == 0 else { return false }
    defer { pthread_attr_destroy(&attributes) }
    _ = pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    _ = pthread_attr_setstacksize(&attributes, stackSize)
    let argument = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
    var thread = pthread_t()
    let status = pthread_create(&thread, &attributes, { argument in
        Unmanaged<ThreadBody>.fromOpaque(argument!).takeRetainedValue().run()
        return nil
    }, argument)
    if status != 0 {
        Unmanaged<ThreadBody>.fromOpaque(argument).release()
        return false
    }
    return true
}
