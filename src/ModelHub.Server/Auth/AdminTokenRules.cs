using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Core.Data;

namespace ModelHub.Server.Auth;

/// <summary>
/// The bootstrap admin token holds every right over every owner: in Production a short one is refused at start-up
/// (it could be guessed), and a server with neither an admin token nor any token says in its log how to get one.
/// </summary>
public sealed class AdminTokenRules(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    public const int MinProductionLength = 32;

    public const string BootstrapHint = "No admin token is configured and no token exists yet. To bootstrap, start the server with "
        + "ModelHub__Auth__AdminToken set to a random secret of at least 32 characters (openssl rand -hex 32), create tokens with it "
        + "(POST /v1/tokens, or modelhub token create), then remove it and restart.";

    public ValidateOptionsResult Validate(string? name, AuthOptions options) =>
        environment.IsProduction() && options.AdminToken is { Length: > 0 and < MinProductionLength } token
            ? ValidateOptionsResult.Fail($"{AuthOptions.Section}:AdminToken has {token.Length} characters; in Production it must have "
                + $"at least {MinProductionLength} (for example from: openssl rand -hex 32).")
            : ValidateOptionsResult.Success;

    /// <summary>Logs <see cref="BootstrapHint"/> when no admin token is configured and the token table is empty.</summary>
    public static async Task LogBootstrapHintAsync(WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.AdminToken is { Length: > 0 })
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        if (!await scope.ServiceProvider.GetRequiredService<ModelHubDbContext>().Tokens.AnyAsync())
        {
            app.Logger.LogWarning(BootstrapHint);
        }
    }
}
