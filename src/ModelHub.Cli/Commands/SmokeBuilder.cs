using ModelHub.Contracts.Validation;

namespace ModelHub.Cli.Commands;

/// <summary>Lays the short flags of <see cref="SmokeOptions"/> over the hints of a <c>--smoke</c> file, scope by scope.</summary>
internal sealed class SmokeBuilder(SmokeSettings basis, Dictionary<string, string> files, IReadOnlySet<string> tiers)
{
    private readonly SmokeScope _version = new(basis.Dims, basis.Inputs);
    private readonly Dictionary<string, SmokeScope> _files =
        new(basis.Files ?? new Dictionary<string, SmokeScope>(), StringComparer.Ordinal);
    private readonly Dictionary<string, SmokeScope> _tiers =
        new(basis.Variants ?? new Dictionary<string, SmokeScope>(), StringComparer.Ordinal);
    private SmokeScope _versionExtra = new();
    private bool _any = basis != SmokeSettings.None;

    public void Dim(string name, long size) => Apply(name, (dim, scope) => scope.Overlay(new SmokeScope(Dims: Map(dim, size))));

    public void Input(string name, SmokeHint hint) =>
        Apply(name, (input, scope) => scope.Overlay(new SmokeScope(Inputs: Map(input, hint))));

    /// <summary>Adds a sample file to the push under its file name and returns that name (its path in the version).</summary>
    public string AddSample(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliUsageException($"--smoke-sample: '{path}' does not exist.");
        }

        var name = Path.GetFileName(path);
        if (files.TryGetValue(name, out var existing) && Path.GetFullPath(existing) != Path.GetFullPath(path))
        {
            throw new CliUsageException($"--smoke-sample: another file is already pushed as '{name}'.");
        }

        files[name] = path;
        return name;
    }

    public SmokeSettings? Result()
    {
        if (!_any)
        {
            return null;
        }

        var top = _version.Overlay(_versionExtra);
        return new SmokeSettings(
            top.Dims is { Count: > 0 } dims ? dims : null,
            top.Inputs is { Count: > 0 } inputs ? inputs : null,
            _files.Count > 0 ? _files : null,
            _tiers.Count > 0 ? _tiers : null);
    }

    /// <summary><c>name@scope</c>: the part after the last <c>@</c> names a file of the push, else a tier.</summary>
    private void Apply(string key, Func<string, SmokeScope, SmokeScope> change)
    {
        _any = true;
        var at = key.LastIndexOf('@');
        if (at <= 0)
        {
            _versionExtra = change(key, _versionExtra);
            return;
        }

        var (name, scope) = (key[..at], key[(at + 1)..]);
        if (files.ContainsKey(scope))
        {
            _files[scope] = change(name, _files.GetValueOrDefault(scope) ?? new SmokeScope());
        }
        else if (tiers.Contains(scope))
        {
            _tiers[scope] = change(name, _tiers.GetValueOrDefault(scope) ?? new SmokeScope());
        }
        else
        {
            throw new CliUsageException($"'{key}': '{scope}' is neither a file pushed nor a --variant.");
        }
    }

    private static Dictionary<string, T> Map<T>(string key, T value) => new(StringComparer.Ordinal) { [key] = value };
}
