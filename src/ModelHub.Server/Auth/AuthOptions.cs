using System.ComponentModel.DataAnnotations;

namespace ModelHub.Server.Auth;

public sealed class AuthOptions
{
    public const string Section = "ModelHub:Auth";

    /// <summary>
    /// A bootstrap token with the <c>admin</c> scope over every owner, for the first start-up; create
    /// ordinary tokens with it, then remove it from configuration. Empty disables it.
    /// </summary>
    public string? AdminToken { get; set; }

    /// <summary>Failed authentications one client address may make per <see cref="FailedAttemptWindow"/> before it gets 429s.</summary>
    [Range(1, 1_000_000)]
    public int FailedAttemptsPerWindow { get; set; } = 20;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FailedAttemptWindow { get; set; } = TimeSpan.FromMinutes(1);
}
