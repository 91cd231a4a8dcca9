using System.Net.Sockets;
using System.Text;

namespace ModelHub.Server.Tests.Uploads;

/// <summary>A client that trickles the bytes of its chunks stalls its own session only.</summary>
public abstract class SlowClientTests(ServerFixture server)
{
    /// <summary>
    /// The sessions whose chunks once shared a lock with <paramref name="victim"/> (64 locks, striped by the session id's hash):
    /// the tricklers take those, so that the test shows a stall wherever one was possible.
    /// </summary>
    private static async Task<List<string>> SessionsSharingAStripeWithAsync(UploadSessionClient sessions, HttpClient client, Guid victim,
        int count)
    {
        static int Stripe(Guid id) => (id.GetHashCode() & int.MaxValue) % 64;
        var found = new List<string>();
        for (var i = 0; found.Count < count && i < 10_000; i++)
        {
            var location = await sessions.StartAsync();
            if (Stripe(Guid.Parse(location[(location.LastIndexOf('/') + 1)..])) == Stripe(victim))
            {
                found.Add(location);
            }
            else
            {
                (await client.DeleteAsync(location)).Dispose();
            }
        }

        return found;
    }

    /// <summary>A PATCH declaring 16 MiB that sends 1 KiB every 100 ms (well above Kestrel's minimum rate) until told to stop.</summary>
    private sealed class Trickler(Uri baseAddress, string location) : IAsyncDisposable
    {
        private readonly TcpClient _tcp = new();
        private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(30));
        private Task? _sending;

        public long Sent { get; private set; }

        public async Task StartAsync()
        {
            await _tcp.ConnectAsync(baseAddress.Host, baseAddress.Port);
            var stream = _tcp.GetStream();
            const int declared = 16 << 20;
            var head = $"PATCH {location} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\n"
                + $"Authorization: Bearer {ServerFixture.AdminToken}\r\n"
                + $"Content-Type: application/octet-stream\r\nContent-Range: 0-{declared - 1}\r\nContent-Length: {declared}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            _sending = Task.Run(async () =>
            {
                var chunk = new byte[1024];
                while (!_stop.IsCancellationRequested)
                {
                    await stream.WriteAsync(chunk);
                    Sent += chunk.Length;
                    await Task.Delay(100, CancellationToken.None);
                }

                _tcp.Client.Shutdown(SocketShutdown.Both);
            });
        }

        /// <summary>Still sending, and the server has not answered it (it is still reading its body).</summary>
        public bool IsOpen => _sending is { IsCompleted: false } && _tcp.Connected && _tcp.Available == 0;

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await (_sending ?? Task.CompletedTask);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
            }

            _tcp.Dispose();
            _stop.Dispose();
        }
    }

    [Fact]
    public async Task A_small_chunk_completes_while_other_sessions_trickle_their_bytes()
    {
        var sessions = new UploadSessionClient(server.Admin);
        var victim = await sessions.StartAsync();
        var slow = await SessionsSharingAStripeWithAsync(sessions, server.Admin, Guid.Parse(victim[(victim.LastIndexOf('/') + 1)..]), 3);
        var tricklers = slow.Select(location => new Trickler(server.BaseAddress, location)).ToList();
        try
        {
            foreach (var trickler in tricklers)
            {
                await trickler.StartAsync();
            }

            // Each trickler is well into its body (the server is reading it) before the small chunk is sent.
            while (tricklers.Any(t => t.Sent < 16 * 1024))
            {
                await Task.Delay(50);
            }

            using var chunk = await sessions.PatchAsync(victim, TestData.Bytes(1024, seed: 501), 0);

            await chunk.ExpectAsync(HttpStatusCode.Accepted);
            Assert.All(tricklers, t => Assert.True(t.IsOpen, "the small chunk completed only once a trickler had stopped"));
        }
        finally
        {
            foreach (var trickler in tricklers)
            {
                await trickler.DisposeAsync();
            }
        }
    }
}

public sealed class SlowClientTestsOnEmbedded(EmbeddedServerFixture server) : SlowClientTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class SlowClientTestsOnPostgresS3(ExternalServerFixture server)
    : SlowClientTests(server), IClassFixture<ExternalServerFixture>;
