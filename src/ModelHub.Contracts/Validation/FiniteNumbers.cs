namespace ModelHub.Contracts.Validation;

/// <summary>
/// Report numbers are measured from untrusted models and inputs: NaN or ∞ would make the API's JSON writer throw in
/// the middle of a response (the server's options, unlike <see cref="ValidationJson"/>, refuse them). Every floating
/// point value of the report family passes through here, so a value that is not a number is absent instead.
/// </summary>
internal static class FiniteNumbers
{
    public static double? OrNull(double? value) => value is { } number && IsFinite(number) ? number : null;

    public static double OrZero(double value) => IsFinite(value) ? value : 0;

    private static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);
}
