using System.Collections.Concurrent;

namespace ModelHub.Server.Uploads;

/// <summary>
/// Which upload sessions have a chunk (or a completion) in flight on this server. A store that writes a session in
/// place (the filesystem) takes one request per session at a time. The claim is per session and nobody waits for it: a
/// second request on a busy session is answered at once with the session's offset (and retries), so a client that
/// trickles its bytes holds up only its own session.
/// </summary>
public sealed class SessionWriteClaims
{
    private readonly ConcurrentDictionary<Guid, byte> _claimed = new();

    /// <summary>The claim on <paramref name="sessionId"/> (dispose to release), or null when a request already holds it.</summary>
    public IDisposable? TryClaim(Guid sessionId) => _claimed.TryAdd(sessionId, 0) ? new Claim(this, sessionId) : null;

    private sealed class Claim(SessionWriteClaims owner, Guid sessionId) : IDisposable
    {
        public void Dispose() => owner._claimed.TryRemove(sessionId, out _);
    }
}
