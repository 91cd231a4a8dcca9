// ModelHub benchmarks: run on demand, print a Markdown table. Not a test: nothing here asserts timings.
//   dotnet run -c Release --project tests/ModelHub.Benchmarks -- [--size-mb 1024] [--stack embedded|postgres-s3|all]
//     [--only transfer|validation|worker|manifest|delivery|cli|datasets|datasets-server|evaluation|evaluation-engine]
using ModelHub.Benchmarks;

if (args is [BareRuntime.Argument])
{
    // The anchor of the worker benchmark, started by it as a separate process.
    BareRuntime.Serve();
    return 0;
}

if (args is ["--serve-json", var jsonFile, "--urls", var urls])
{
    // The constant-JSON baseline of the manifest benchmark, started by it as a separate process.
    await BareKestrel.ServeJsonAsync(jsonFile, urls);
    return 0;
}

if (args is ["--generate-table", var tablePath])
{
    // The datasets benchmark's table, written by a child process so that its memory is not the engine's.
    DatasetsBenchmark.Generate(tablePath);
    return 0;
}

var sizeMb = long.Parse(Option("--size-mb") ?? "1024");
var stacks = (Option("--stack") ?? "all") switch
{
    "all" => new[] { "embedded", "postgres-s3" },
    var one => [one],
};
var only = Option("--only");
if (only == "datasets")
{
    // The table engine alone (a library, no server yet): see DatasetsBenchmark.
    Row.Print(await RunDatasetsAsync());
    return 0;
}

var serverDll = Path.Combine(RepositoryRoot(), "src", "ModelHub.Server", "bin", "Release", "net10.0", "ModelHub.Server.dll");
if (only is "evaluation" or "evaluation-engine")
{
    // evaluation-engine: the engine rows only, without the server's responsiveness (a quicker loop while tuning).
    // The evaluation worker as the server runs it, against a bare ONNX Runtime loop: see EvaluationBenchmark.
    Row.Print(await RunEvaluationAsync(
        Path.Combine(Path.GetDirectoryName(serverDll)!, "ModelHub.Evaluations.Worker.dll"), serverDll,
        only == "evaluation" ? await Stacks.SettingsAsync("embedded") : null));
    return 0;
}

var cliDll = Path.Combine(RepositoryRoot(), "src", "ModelHub.Cli", "bin", "Release", "net10.0", "modelhub.dll");
if (!File.Exists(serverDll))
{
    Console.Error.WriteLine($"Build the server first: dotnet build -c Release src/ModelHub.Server ({serverDll} is missing)");
    return 2;
}

var folder = Path.Combine(Path.GetTempPath(), "modelhub-bench-files", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
var rows = new List<Row>();
try
{
    if (only is null or "worker")
    {
        Console.Error.WriteLine("validation in the worker against bare ONNX Runtime …");
        rows.AddRange(await WorkerBenchmark.RunAsync(folder));
    }

    foreach (var stack in stacks)
    {
        if (!Stacks.IsAvailable(stack))
        {
            continue;
        }

        // Each benchmark gets its own database and bucket (a fresh scratch folder on the embedded stack): they name
        // their repositories alike.
        if (only is null or "transfer")
        {
            Console.Error.WriteLine($"{stack}: transfers of {sizeMb} MiB …");
            rows.AddRange(await TransferBenchmark.RunAsync(
                serverDll, stack, await Stacks.SettingsAsync(stack), folder, sizeMb * 1024 * 1024));
        }

        if (only is null or "manifest")
        {
            Console.Error.WriteLine($"{stack}: manifest throughput …");
            rows.AddRange(await ManifestBenchmark.RunAsync(serverDll, stack, await Stacks.SettingsAsync(stack)));
        }

        if (only is null or "delivery" && stack == "embedded")
        {
            // Against nginx serving the same bytes, and the nginx-in-front layout of deploy/nginx (filesystem store only).
            Console.Error.WriteLine($"{stack}: delivery against nginx ({sizeMb} MiB download, manifests with wrk) …");
            rows.AddRange(await DeliveryBenchmark.RunAsync(serverDll, folder, sizeMb * 1024 * 1024));
        }

        if (only is null or "cli")
        {
            Console.Error.WriteLine($"{stack}: modelhub push and pull of a {sizeMb} MiB model …");
            rows.AddRange(await CliBenchmark.RunAsync(
                serverDll, cliDll, stack, await Stacks.SettingsAsync(stack), folder, sizeMb * 1024 * 1024));
        }

        if (only is null or "datasets-server")
        {
            Console.Error.WriteLine($"{stack}: datasets through the server, 1,000,000-row Parquet table …");
            rows.AddRange(await DatasetsServerBenchmark.RunAsync(serverDll, stack, await Stacks.SettingsAsync(stack), folder));
        }

        if (only is null or "validation")
        {
            Console.Error.WriteLine($"{stack}: validation of a 50 MB model …");
            rows.AddRange(await ValidationBenchmark.RunAsync(serverDll, stack, await Stacks.SettingsAsync(stack), folder));
        }
    }
}
finally
{
    Directory.Delete(folder, recursive: true);
}

if (only is null)
{
    rows.AddRange(await RunDatasetsAsync());
}

Row.Print(rows);
return 0;

static async Task<List<Row>> RunDatasetsAsync()
{
    var scratch = Path.Combine(Path.GetTempPath(), "modelhub-bench-datasets", Guid.NewGuid().ToString("N"));
    Directory.CreateDirectory(scratch);
    try
    {
        Console.Error.WriteLine("engine: datasets on a 1,000,000-row Parquet table …");
        return await DatasetsBenchmark.RunAsync(scratch);
    }
    finally
    {
        Directory.Delete(scratch, recursive: true);
    }
}

static async Task<List<Row>> RunEvaluationAsync(string workerDll, string serverDll, Dictionary<string, string>? settings)
{
    var scratch = Path.Combine(Path.GetTempPath(), "modelhub-bench-evaluation", Guid.NewGuid().ToString("N"));
    Directory.CreateDirectory(scratch);
    try
    {
        Console.Error.WriteLine("engine: evaluation of 10,000 rows against a bare ONNX Runtime loop …");
        return await EvaluationBenchmark.RunAsync(workerDll, scratch, serverDll, settings);
    }
    finally
    {
        Directory.Delete(scratch, recursive: true);
    }
}

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

static string RepositoryRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ModelHub.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
}
