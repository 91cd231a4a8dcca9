namespace ModelHub.Contracts.Repositories;

/// <summary>
/// A per-model rule evaluated before the default choice, e.g. "platform=web and no webgpu → int8". Every condition
/// that is set must hold; the rule then picks <see cref="Variant"/> if the device can run it.
/// </summary>
// Repositories store their rules in this JSON shape; the server applies them (ModelHub.Core.Selection.SelectionRules).
public sealed record SelectionRule(
    string Variant,
    string? Platform = null,
    string? Provider = null,
    string? NoProvider = null,
    string? Network = null,
    bool? SaveData = null,
    long? MaxMemoryMb = null);
