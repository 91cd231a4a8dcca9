using ModelHub.Contracts.Validation;
using ModelHub.Core.Entities;
using ModelHub.Core.Storage;
using ModelHub.Server.Auth;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Evaluations;

/// <summary>
/// Plans the accuracy gate of a version whose smoke runs are done: the evaluation of its declared spec, checked again
/// now that the reference tier's inputs and outputs are known, for the <see cref="VersionPublisher"/> to queue; or why it
/// cannot run. The dataset's visibility to the version's creator was checked when the version was created
/// (<see cref="GateCheck"/>); here the dataset version must still exist, published, with its table.
/// </summary>
public sealed class EvaluationGate(IBlobStore store, EvaluationService evaluations)
{
    /// <summary>Reads every repository: what the creator could read was decided at creation.</summary>
    private static readonly Caller Gatekeeper =
        new("system:accuracy-gate", new HashSet<string> { Scopes.Read }, new HashSet<string> { Scopes.AllOwners });

    /// <summary>Null when <paramref name="version"/> (files and variants loaded) declares no gate.</summary>
    public async Task<GatePlan?> PlanAsync(RepositoryVersion version, ValidationReport report, CancellationToken cancellationToken)
    {
        var (spec, error) = await DeclaredSpec.ReadAsync(store, version.Files, cancellationToken);
        if (error is not null)
        {
            return new GatePlan(null, "", "", 0, error);
        }

        if (!DeclaredSpec.IsGate(spec))
        {
            return null;
        }

        var (dataset, table, limit) = (spec!.Dataset ?? "", spec.Table ?? "", spec.MaxAccuracyDrop!.Value);
        var tiers = VersionTiers.From(version, report);
        var model = (tiers.FirstOrDefault(t => t.IsReference) ?? (tiers.Count > 0 ? tiers[0] : null))?.FileReport?.Model;
        var planned = await evaluations.PlanAsync(spec, Gatekeeper, model, cancellationToken);
        if (planned.Value is not { } evaluation)
        {
            return new GatePlan(null, dataset, table, limit, planned.Detail);
        }

        evaluation.CreatedBy = version.CreatedBy;
        return new GatePlan(evaluation, evaluation.Dataset, evaluation.Table, limit, null);
    }
}
