namespace ModelHub.Server.Auth;

public sealed class AuthOptions
{
    public const string Section = "ModelHub:Auth";

    /// <summary>
    /// A bootstrap token with the <c>admin</c> scope over every owner, for the first start-up; create
    /// ordinary tokens with it, then remove it from configuration. Empty disables it.
    /// </summary>
    public string? AdminToken { get; set; }
}
