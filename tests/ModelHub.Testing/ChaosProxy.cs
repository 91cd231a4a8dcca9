using System.Net;
using System.Net.Sockets;

namespace ModelHub.Testing;

/// <summary>
/// A TCP proxy in front of the server that misbehaves like a bad network, once per setting: cuts a connection after
/// some bytes in either direction, flips a byte of a response, or throttles responses. Real sockets, so the client
/// sees exactly what a dropped Wi-Fi connection or a corrupting middlebox would do to it.
/// </summary>
public sealed class ChaosProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<Task> _connections = [];
    private long? _cutResponseAfter;
    private long? _cutRequestAfter;
    private long? _corruptResponseAt;
    private int _cuts;
    private int _corruptions;

    public ChaosProxy(Uri upstream)
    {
        _upstream = upstream;
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _ = AcceptAsync();
    }

    public Uri Address { get; }

    /// <summary>The first connection whose response bytes pass this count is cut there.</summary>
    public long? CutResponseAfter { set { lock (_gate) { _cutResponseAfter = value; } } }

    /// <summary>The first connection whose request bytes pass this count is cut there.</summary>
    public long? CutRequestAfter { set { lock (_gate) { _cutRequestAfter = value; } } }

    /// <summary>The byte at this offset of the first connection's response stream that reaches it is inverted.</summary>
    public long? CorruptResponseAt { set { lock (_gate) { _corruptResponseAt = value; } } }

    /// <summary>Bytes per second per connection and direction; 0 for full speed.</summary>
    public int BytesPerSecond { get; set; }

    public int Cuts => Volatile.Read(ref _cuts);

    public int Corruptions => Volatile.Read(ref _corruptions);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _connections];
        }

        await Task.WhenAll(pending.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }

            lock (_gate)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(_upstream.Host, _upstream.Port, _stop.Token);
                using var connection = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var up = PumpAsync(client.GetStream(), server.GetStream(), response: false, connection);
                var down = PumpAsync(server.GetStream(), client.GetStream(), response: true, connection);
                await Task.WhenAny(up, down);
                await connection.CancelAsync();
                await Task.WhenAll(up, down).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // The connection ended; nothing to clean beyond the sockets.
            }

            // Linger 0: the peer sees a reset, as with a dropped network, not a polite end of stream.
            client.Client.LingerState = new LingerOption(true, 0);
        }
    }

    private async Task PumpAsync(NetworkStream source, NetworkStream target, bool response, CancellationTokenSource connection)
    {
        var buffer = new byte[16 * 1024];
        long total = 0;
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, connection.Token)) > 0)
            {
                var count = read;
                var cut = false;
                lock (_gate)
                {
                    var limit = response ? _cutResponseAfter : _cutRequestAfter;
                    if (limit is { } at && total + read > at)
                    {
                        count = (int)Math.Max(0, at - total);
                        cut = true;
                        _cuts++;
                        if (response)
                        {
                            _cutResponseAfter = null;
                        }
                        else
                        {
                            _cutRequestAfter = null;
                        }
                    }

                    if (response && _corruptResponseAt is { } flip && total + count > flip && flip >= total)
                    {
                        buffer[flip - total] ^= 0xFF;
                        _corruptResponseAt = null;
                        _corruptions++;
                    }
                }

                await target.WriteAsync(buffer.AsMemory(0, count), connection.Token);
                total += count;
                if (cut)
                {
                    await connection.CancelAsync();
                    return;
                }

                if (BytesPerSecond > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)count / BytesPerSecond), connection.Token);
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
        }
    }
}
