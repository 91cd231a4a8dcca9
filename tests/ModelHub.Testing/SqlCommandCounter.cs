using System.Diagnostics;

namespace ModelHub.Testing;

/// <summary>
/// Counts the SQL commands EF Core runs for requests that carry <c>baggage: probe=&lt;id&gt;</c>: hosting starts an
/// Activity per request (because this listens to ASP.NET Core), the baggage rides on it into the command events.
/// </summary>
public sealed class SqlCommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly IDisposable _all;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly Dictionary<string, int> _counts = [];

    public SqlCommandCounter() => _all = DiagnosticListener.AllListeners.Subscribe(this);

    public int For(string probe)
    {
        lock (_counts)
        {
            return _counts.GetValueOrDefault(probe);
        }
    }

    public void OnNext(DiagnosticListener listener)
    {
        // Listening to ASP.NET Core makes hosting start an Activity per request, which carries the baggage.
        if (listener.Name is "Microsoft.EntityFrameworkCore" or "Microsoft.AspNetCore")
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted"
            && Activity.Current?.GetBaggageItem("probe") is { } probe)
        {
            lock (_counts)
            {
                _counts[probe] = _counts.GetValueOrDefault(probe) + 1;
            }
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _all.Dispose();
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }
}
