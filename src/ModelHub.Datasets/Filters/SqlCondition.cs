namespace ModelHub.Datasets.Filters;

/// <summary>A SQL condition with <c>?</c> placeholders and the values they stand for, in order.</summary>
internal sealed record SqlCondition(string Sql, IReadOnlyList<object?> Parameters)
{
    public static readonly SqlCondition True = new("TRUE", []);

    public SqlCondition And(SqlCondition other) =>
        ReferenceEquals(this, True) ? other
        : ReferenceEquals(other, True) ? this
        : new SqlCondition($"({Sql}) AND ({other.Sql})", [.. Parameters, .. other.Parameters]);
}
