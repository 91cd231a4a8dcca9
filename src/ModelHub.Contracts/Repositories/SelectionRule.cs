namespace ModelHub.Contracts.Repositories;

// The wire shape of the server's rule (ModelHub.Core.Selection.SelectionRule, which does the matching): the same JSON.

/// <summary>
/// A per-model rule evaluated before the default choice, e.g. "platform=web and no webgpu → int8". Every condition
/// that is set must hold; the rule then picks <see cref="Variant"/> if the device can run it.
/// </summary>
public sealed record SelectionRule(
    string Variant,
    string? Platform = null,
    string? Provider = null,
    string? NoProvider = null,
    string? Network = null,
    bool? SaveData = null,
    long? MaxMemoryMb = null);
