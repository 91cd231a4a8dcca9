using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ModelHub.Testing;

/// <summary>
/// Counts the SQL commands EF Core runs, and the rows they read, for requests that carry <c>baggage: probe=&lt;id&gt;</c>:
/// hosting starts an Activity per request (because this listens to ASP.NET Core), the baggage rides on it into the
/// command events.
/// </summary>
public sealed class SqlCommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly IDisposable _all;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly Dictionary<string, int> _counts = [];
    private readonly Dictionary<string, int> _rows = [];

    public SqlCommandCounter() => _all = DiagnosticListener.AllListeners.Subscribe(this);

    public int For(string probe)
    {
        lock (_counts)
        {
            return _counts.GetValueOrDefault(probe);
        }
    }

    /// <summary>Rows the requests of <paramref name="probe"/> read from the database.</summary>
    public int RowsFor(string probe)
    {
        lock (_counts)
        {
            return _rows.GetValueOrDefault(probe);
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
        if (Activity.Current?.GetBaggageItem("probe") is not { } probe)
        {
            return;
        }

        lock (_counts)
        {
            if (value.Key == "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted")
            {
                _counts[probe] = _counts.GetValueOrDefault(probe) + 1;
            }
            else if (value.Value is DataReaderDisposingEventData reader)
            {
                _rows[probe] = _rows.GetValueOrDefault(probe) + reader.ReadCount;
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
