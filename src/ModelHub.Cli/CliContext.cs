using System.Text.Json;
using ModelHub.Client;
using Spectre.Console;

namespace ModelHub.Cli;

/// <summary>What a running command needs: the client, where to print, and whether the caller wants JSON.</summary>
public sealed class CliContext(CliEnvironment env, CliConfig config, bool json)
{
    public CliEnvironment Env => env;
    public bool Json => json;

    /// <summary>Human output: stdout normally, stderr under --json so stdout stays machine-readable.</summary>
    public IAnsiConsole Human => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(json ? env.Error : env.Out),
        Ansi = env.Interactive ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = env.Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = env.Interactive ? InteractionSupport.Yes : InteractionSupport.No,
    });

    public ModelHubClient Client(bool verifyCache = false)
    {
        if (string.IsNullOrEmpty(config.Url))
        {
            throw new CliUsageException("No server: run `modelhub login --url <url> --token <token>` or set MODELHUB_URL.");
        }

        var options = new ModelHubClientOptions
        {
            BaseAddress = new Uri(config.Url),
            Token = config.Token,
            CacheDirectory = env.CacheDirectory,
            VerifyCachedFiles = verifyCache,
        };
        return new ModelHubClient(options, env.Handler);
    }

    /// <summary>One JSON document on stdout, camelCase like the API.</summary>
    public void WriteJson(object? value) => env.Out.WriteLine(JsonSerializer.Serialize(value, JsonSerializerOptions.Web));

    /// <summary>Transfer progress: bars with rate and ETA on a terminal, one line per finished file otherwise.</summary>
    public async Task<T> WithProgressAsync<T>(string title, Func<IProgress<TransferProgress>, Task<T>> work)
    {
        if (!env.Interactive)
        {
            return await work(new Progress<TransferProgress>(p =>
            {
                if (p.Done == p.Total)
                {
                    env.Error.WriteLine(p.Skipped ? $"{p.Path}: already there" : $"{p.Path}: {p.Total:N0} bytes");
                }
            }));
        }

        T result = default!;
        await env.ErrorConsole.Progress()
            .Columns(
                new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(),
                new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var reporter = new SynchronousProgress(p =>
                {
                    if (!tasks.TryGetValue(p.Path, out var task))
                    {
                        tasks[p.Path] = task = progress.AddTask(Path.GetFileName(p.Path), maxValue: Math.Max(1, p.Total));
                    }

                    task.Value = p.Done;
                });
                result = await work(reporter);
            });
        env.Error.WriteLine(title);
        return result;
    }

    private sealed class SynchronousProgress(Action<TransferProgress> report) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => report(value);
    }
}

/// <summary>The command line itself is wrong or incomplete (exit code 2).</summary>
public sealed class CliUsageException(string message) : Exception(message);
